// An ESM Express app as a user writes it outside the monorepo: everything it imports
// comes from the installed tarballs, its settings from KIT_* variables.

import { kitExpress, requireAuth } from '@kit/express'
import express from 'express'

const app = express()
app.use(kitExpress())
app.get('/me', requireAuth(), (req, res) => {
  res.json({
    email: req.auth.user.email,
    framework: 'express',
    module: 'esm',
    node: process.version,
    resolved: import.meta.resolve('@kit/express'),
  })
})
app.listen(Number(process.env.PORT), '127.0.0.1', () => {
  console.log(`listening on ${process.env.KIT_BASE_URL}`)
})
