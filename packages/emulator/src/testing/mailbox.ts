import { EmulatorBrowserError } from './errors.js'

/** A message of the emulator's mailbox JSON (`GET /_emulator/mailbox`). */
export interface MailboxMessage {
  id: string
  to: string
  kind: string
  subject: string
  body: string
  data: Record<string, unknown>
  create_time: string
}

/**
 * Reads the mailbox of a running emulator over HTTP, newest first. Nothing is ever
 * sent by the emulator; codes, magic links and invitations wait here for tests.
 *
 * @example
 * const [latest] = await readMailbox(emu.url, 'dave@example.test')
 */
export async function readMailbox(
  emulatorUrl: string | URL,
  to?: string,
  options: { fetch?: typeof fetch } = {},
): Promise<MailboxMessage[]> {
  const url = new URL('/_emulator/mailbox', emulatorUrl)
  if (to) url.searchParams.set('to', to)
  const res = await (options.fetch ?? fetch)(url, { headers: { accept: 'application/json' } })
  if (!res.ok)
    throw new EmulatorBrowserError(
      'ERR_EMU_REQUEST_FAILED',
      `GET ${url.href} answered ${res.status}`,
    )
  const json = (await res.json()) as { messages?: MailboxMessage[] }
  return Array.isArray(json.messages) ? json.messages : []
}

/**
 * The newest passwordless sign-in code mailed to `email`: what a person would copy from
 * the email into the "Code" field.
 *
 * @example
 * const code = await readLoginCode(emu.url, 'dave@example.test')
 */
export async function readLoginCode(
  emulatorUrl: string | URL,
  email: string,
  options: { fetch?: typeof fetch } = {},
): Promise<string> {
  const messages = await readMailbox(emulatorUrl, email, options)
  const code = messages.find((m) => m.kind === 'passwordless_code')?.data.code
  if (typeof code !== 'string' || code === '')
    throw new EmulatorBrowserError(
      'ERR_EMU_NO_LOGIN_CODE',
      `no passwordless code in the emulator mailbox for ${email}`,
    )
  return code
}
