/**
 * The app code the Next.js 15 and 16 test apps share. Each app keeps what differs (its
 * kit and its stores, middleware.ts or proxy.ts, route segment config, Next 16's Pages
 * Router and test routes) and binds these pages to its own kit.
 */
export { ActionForm, type WhoAmIAction } from './action-form.js'
export { type ActionState, INITIAL_ACTION_STATE } from './action-state.js'
export { organizationName } from './organization-name.js'
export { createTestAppPages, type TestAppPages, type TestAppPagesOptions } from './pages.js'
export { RootLayout } from './root-layout.js'
export { SharedPage } from './shared-page.js'
export { tokenInfo } from './token-info.js'
export { webhookLog } from './webhook-log.js'
export { whoAmI } from './who-am-i.js'
