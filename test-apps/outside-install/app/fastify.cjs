// A CommonJS Fastify app outside the monorepo, from the installed tarballs only.
const Fastify = require('fastify')
const { kitFastify } = require('@kit/fastify')

async function main() {
  const app = Fastify()
  await app.register(kitFastify)
  app.get('/me', { preHandler: app.requireAuth() }, async (request) => ({
    email: request.auth.user.email,
    framework: 'fastify',
    module: 'cjs',
    node: process.version,
    resolved: require.resolve('@kit/fastify'),
  }))
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
  console.log(`listening on ${process.env.KIT_BASE_URL}`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
