// A CommonJS Express app outside the monorepo: `require()` loads the kit's CJS build,
// which itself requires the ESM-only jose and openid-client (Node 20.19+).
const express = require('express')
const { kitExpress, requireAuth } = require('@kit/express')

const app = express()
app.use(kitExpress())
app.get('/me', requireAuth(), (req, res) => {
  res.json({
    email: req.auth.user.email,
    framework: 'express',
    module: 'cjs',
    node: process.version,
    resolved: require.resolve('@kit/express'),
  })
})
app.listen(Number(process.env.PORT), '127.0.0.1', () => {
  console.log(`listening on ${process.env.KIT_BASE_URL}`)
})
