// Type-checked against the installed tarballs' CommonJS types (`require` resolves the
// `.d.cts` files).
import express = require('express')
import kitCore = require('@kit/core')
import kitExpress = require('@kit/express')
import kitManagement = require('@kit/core/management')

const app = express()
app.use(kitExpress.kitExpress({ baseUrl: 'http://localhost:3000' }))
app.get('/me', kitExpress.requireAuth(), (req, res) => {
  const auth: kitCore.Auth | null = req.auth
  // @ts-expect-error: the email is a string, so the types are real (an `any` would pass)
  const wrong: number | undefined = req.auth?.user.email
  res.json({ auth, wrong })
})

// A subpath's CommonJS types are real: a status is a number.
// @ts-expect-error: status is a number
const apiStatus: string = new kitManagement.KitApiNotFoundError({ status: 404, message: 'x' })
  .status

export { apiStatus }
