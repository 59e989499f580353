import { renderError } from '@kit/example-shared'
import { FRAMEWORK, SharedPage } from '../lib/shared-page'

/** Rendered with HTTP 403 when a guard calls `forbidden()`. */
export default function Forbidden() {
  const document = renderError({
    framework: FRAMEWORK,
    user: null,
    status: 403,
    title: 'Access denied',
    message: 'Your session lacks a permission this page needs (org:manage).',
  })
  return <SharedPage document={document} />
}
