'use server'
import { type ActionState, whoAmI as run } from '@kit/test-app-next-shared'
import { kit } from '../../lib/kit'

/** The guarded server action, bound to this app's kit (see the shared `whoAmI`). */
export async function whoAmI(_previous: ActionState, _form: FormData): Promise<ActionState> {
  return run(kit)
}
