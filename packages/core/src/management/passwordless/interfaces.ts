import type { RequestOptions } from '../transport.js'

/** Which email template to send. */
export type TemplateType = 'UNSPECIFIED' | 'SIGNIN' | 'SIGNUP'
/** What the email carries: a one-time code, a magic link, or both. */
export type PasswordlessType = 'PASSWORDLESS_TYPE_UNSPECIFIED' | 'OTP' | 'LINK' | 'LINK_OTP'

/** Options of `sendPasswordlessEmail`. */
export interface SendPasswordlessEmailOptions extends RequestOptions {
  template?: TemplateType
  /** Your callback that receives `link_token` when the user clicks the magic link. */
  magiclinkAuthUri?: string
  /** Returned by verify, to bind the email to the browser that started the login. */
  state?: string
  /** Lifetime of the code/link in seconds (server default 300). */
  expiresIn?: number
  /** Values for placeholders of a custom template. */
  templateVariables?: Record<string, string>
}

/** Result of send and resend. */
export interface SendPasswordlessResponse {
  /** Pass to verify and resend. */
  authRequestId: string
  /** Expiry as Unix seconds. */
  expiresAt: number
  /** Lifetime in seconds. */
  expiresIn: number
  passwordlessType: PasswordlessType
}

/** Options of `verifyPasswordlessEmail`: a `code` or a `linkToken` is required. */
export interface VerifyPasswordlessEmailOptions extends RequestOptions {
  /** The one-time code the user typed (needs `authRequestId`). */
  code?: string
  /** The `link_token` your magic-link callback received. */
  linkToken?: string
  authRequestId?: string
}

/** The verified email and the state given at send time. */
export interface VerifyPasswordLessResponse {
  email: string
  state?: string | null
  template?: TemplateType | null
  passwordlessType?: PasswordlessType
}
