/**
 * The pages both Next.js test apps serve, over the shared example views (the same pages
 * the Express and Fastify examples render), bound to one app's kit. Each app's route file
 * keeps its own route segment config (`dynamic`), which Next reads from that file.
 */
import {
  pageUser,
  renderAdmin,
  renderDashboard,
  renderError,
  renderHome,
  renderWebhookEvents,
} from '@kit/example-shared'
import type { KitNext } from '@kit/next'
import { ActionForm, type WhoAmIAction } from './action-form.js'
import { organizationName } from './organization-name.js'
import { SharedPage } from './shared-page.js'
import { webhookLog } from './webhook-log.js'

/** What binds the pages to one app. */
export interface TestAppPagesOptions {
  kit: KitNext
  /** The framework name the shared views print in titles and the header. */
  framework: string
}

/** Creates the test apps' pages for `kit`. */
export function createTestAppPages({ kit, framework }: TestAppPagesOptions) {
  return {
    /** Reads the session cookie: the app renders it per request, never at build time. */
    async Home() {
      const auth = await kit.auth()
      return <SharedPage document={renderHome({ framework, auth })} />
    },

    /** A server component: the guard runs here again even though the proxy matched first. */
    async Dashboard() {
      const auth = await kit.requireAuth()
      const name = await organizationName(auth.organizationId)
      return <SharedPage document={renderDashboard({ framework, auth, organizationName: name })} />
    },

    /** Only for `org:manage`: a member without it gets {@link Forbidden} with HTTP 403. */
    async Admin() {
      const auth = await kit.requirePermission('org:manage')
      const name = await organizationName(auth.organizationId)
      return <SharedPage document={renderAdmin({ framework, auth, organizationName: name })} />
    },

    /** Rendered with HTTP 403 when a guard calls `forbidden()`. */
    Forbidden() {
      const document = renderError({
        framework,
        user: null,
        status: 403,
        title: 'Access denied',
        message: 'Your session lacks a permission this page needs (org:manage).',
      })
      return <SharedPage document={document} />
    },

    /** The webhook events this process has received. */
    async WebhookEvents() {
      const user = pageUser(await kit.auth())
      const events = webhookLog().list()
      return <SharedPage document={renderWebhookEvents({ framework, user, events })} />
    },

    /** A page whose form calls the app's guarded server action. */
    Actions({ action }: { action: WhoAmIAction }) {
      return (
        <main>
          <h1>Server action</h1>
          <ActionForm action={action} />
        </main>
      )
    },
  }
}

/** The pages {@link createTestAppPages} makes. */
export type TestAppPages = ReturnType<typeof createTestAppPages>
