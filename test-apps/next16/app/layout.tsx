export { RootLayout as default } from '@kit/test-app-next-shared'

export const metadata = { title: 'Kit Next.js 16 test app' }
