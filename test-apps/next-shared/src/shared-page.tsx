/**
 * Shows a page of the shared example views (escaped HTML documents, the same pages the
 * Express and Fastify examples serve) inside Next's root layout: the document's styles
 * and body are lifted out of the rendered string. Every value in it was escaped by the
 * views' `html` template, so inserting it as HTML is safe.
 */
export function SharedPage({ document }: { document: string }) {
  const style = /<style>([\s\S]*?)<\/style>/.exec(document)?.[1] ?? ''
  const body = /<body>([\s\S]*?)<\/body>/.exec(document)?.[1] ?? document
  return (
    <>
      <style>{style}</style>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: escaped by the shared views */}
      <div dangerouslySetInnerHTML={{ __html: body }} />
    </>
  )
}
