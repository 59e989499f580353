/**
 * The server-action form both Next.js test apps render on `/actions` (the shared
 * `ActionForm` of test-apps/next-shared), driven the way a person would.
 */
import { testIdText } from '@kit/test-support'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

/**
 * Presses "Run action" and waits for the guarded action's answer: the signed-in user's
 * email, and the expiry of the access token the action read.
 */
export async function runServerAction(page: Page): Promise<{ email: string; exp: number }> {
  await page.getByRole('button', { name: 'Run action' }).click()
  await expect.poll(() => testIdText(page, 'action-email')).not.toBe('')
  return {
    email: await testIdText(page, 'action-email'),
    exp: Number(await testIdText(page, 'action-exp')),
  }
}
