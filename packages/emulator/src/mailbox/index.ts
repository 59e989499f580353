/** The mailbox: stored mail (nothing is sent) with a page and a JSON endpoint. */
export { createMailbox, type Mailbox, type MailMessage } from './mailbox.js'
export { createMailboxPage, mailTable } from './page.js'
