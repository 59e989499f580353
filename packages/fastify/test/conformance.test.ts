import { describeAdapterConformance, describePathVariants } from '@kit/adapter-suite'
import { fastifyHarness } from './harness.js'

describeAdapterConformance('fastify', fastifyHarness(), {
  // find-my-way percent-decodes the path before matching.
  routedPathVariants: ['/admin', '/%61dmin'],
  writesDenialsWhole: true,
})

// The looser routing options an app may turn on: more spellings route, all meet the guard.
describePathVariants(
  'fastify caseSensitive: false, ignoreTrailingSlash, ignoreDuplicateSlashes',
  fastifyHarness({
    routerOptions: {
      caseSensitive: false,
      ignoreTrailingSlash: true,
      ignoreDuplicateSlashes: true,
    },
  }),
  ['/admin', '//admin', '/Admin', '/ADMIN', '/admin/', '/%61dmin'],
)
