import type { ReactNode } from 'react'

/** The root layout of both test apps; each sets its own `metadata` title. */
export function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
