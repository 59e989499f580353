import type { ReactNode } from 'react'

export const metadata = { title: 'Kit Next.js 15 test app' }

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
