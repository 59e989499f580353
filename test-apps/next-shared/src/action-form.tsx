'use client'
import { useActionState } from 'react'
import { type ActionState, INITIAL_ACTION_STATE } from './action-state.js'

/** A server action the form can run (the app's `'use server'` wrapper of `whoAmI`). */
export type WhoAmIAction = (previous: ActionState, form: FormData) => Promise<ActionState>

/** Runs the guarded server action and shows what it returned. */
export function ActionForm({ action }: { action: WhoAmIAction }) {
  const [state, run, pending] = useActionState<ActionState, FormData>(action, INITIAL_ACTION_STATE)
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
