import type { ReactNode } from 'react'

export const metadata = { title: 'Kit Next.js 16 test app' }

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
