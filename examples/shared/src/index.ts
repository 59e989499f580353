/**
 * Framework-free pieces shared by the Express and Fastify examples: escaped HTML
 * pages, configuration from the environment and the in-memory webhook log. Nothing
 * here imports a web framework, so each example only adds its routing.
 */
export {
  EMULATOR_DEMO_DEFAULTS,
  type ExampleConfig,
  ExampleConfigError,
  loadExampleConfig,
} from './config.js'
export { escapeHtml, html, SafeHtml } from './html.js'
export { type PageOptions, type PageUser, renderPage } from './layout.js'
export {
  createOrganizationNameLookup,
  type OrganizationNameLookup,
} from './organization-names.js'
export { type AdminView, renderAdmin } from './pages/admin.js'
export { type DashboardView, renderDashboard } from './pages/dashboard.js'
export { type ErrorView, renderError } from './pages/error.js'
export { type HomeView, renderHome } from './pages/home.js'
export { renderSecurity, type SecurityView } from './pages/security.js'
export { renderWebhookEvents, type WebhooksView } from './pages/webhooks.js'
export { displayName, pageUser, type ViewAuth } from './view-auth.js'
export { createWebhookLog, type ReceivedWebhook, type WebhookLog } from './webhook-log.js'
