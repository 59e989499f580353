import { describeAdapterConformance } from '@kit/adapter-suite'
import { describe } from 'vitest'
import { expressVersions } from './frameworks.js'
import { expressHarness } from './harness.js'

describe.each(expressVersions)('@kit/express ($name)', ({ name, express }) => {
  describeAdapterConformance(name, expressHarness(express), {
    // Case-insensitive, trailing-slash tolerant routing; encoded or doubled slashes do not route.
    routedPathVariants: ['/admin', '/Admin', '/ADMIN', '/admin/'],
    writesDenialsWhole: true,
  })
})
