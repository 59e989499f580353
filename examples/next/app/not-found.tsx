import { renderError } from '@kit/example-shared'
import { FRAMEWORK, SharedPage } from '../lib/shared-page'

export default function NotFound() {
  const document = renderError({
    framework: FRAMEWORK,
    user: null,
    status: 404,
    title: 'Not found',
    message: 'Nothing lives at this address.',
  })
  return <SharedPage document={document} />
}
