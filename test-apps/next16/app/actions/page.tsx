import { ActionForm } from './action-form'

export const dynamic = 'force-dynamic'

/** A page whose form calls a guarded server action. */
export default function Actions() {
  return (
    <main>
      <h1>Server action</h1>
      <ActionForm />
    </main>
  )
}
