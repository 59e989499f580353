/**
 * What the server action answers and the action form shows: a module of its own, so the
 * form's client bundle takes nothing of the server side.
 */

/** What the action form shows after a run. */
export interface ActionState {
  email: string | null
  exp: number | null
}

/** The form's state before the first run. */
export const INITIAL_ACTION_STATE: ActionState = { email: null, exp: null }
