import { describeAdapterConformance } from '@kit/adapter-suite'
import { nextHarness } from './harness.js'

describeAdapterConformance('next', nextHarness(), {
  // The stand-in routes on the URL's normalised pathname: `/./admin` is `/admin`.
  routedPathVariants: ['/admin', '/./admin'],
  writesDenialsWhole: false,
})
