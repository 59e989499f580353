import { kit } from '../../lib/kit'

export const dynamic = 'force-dynamic'

/**
 * Outside the proxy's matcher (see proxy.ts): only the server helper guards this page,
 * as for any request that never met the proxy.
 */
export default async function HelpersOnly() {
  const auth = await kit.requireAuth()
  return (
    <main>
      <h1>Guarded by the server helper alone</h1>
      <p data-testid="helpers-only-email">{auth.user.email}</p>
    </main>
  )
}
