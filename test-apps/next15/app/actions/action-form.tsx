'use client'
import { useActionState } from 'react'
import { type ActionState, whoAmI } from './actions'

/** Runs the guarded server action and shows what it returned. */
export function ActionForm() {
  const [state, run, pending] = useActionState<ActionState, FormData>(whoAmI, {
    email: null,
    exp: null,
  })
  return (
    <form action={run}>
      <button type="submit" disabled={pending}>
        Run action
      </button>
      <output data-testid="action-email">{state.email ?? ''}</output>
      <output data-testid="action-exp">{state.exp ?? ''}</output>
    </form>
  )
}
