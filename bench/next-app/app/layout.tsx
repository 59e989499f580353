import type { ReactNode } from 'react'

/** Required by the App Router; the bench only calls route handlers. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
