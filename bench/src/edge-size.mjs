#!/usr/bin/env node
// `pnpm --filter @kit/bench edge-size`: how many bytes a Next.js `middleware.ts` /
// `proxy.ts` pulls in for authentication, the kit's `kit.proxy()` beside
// @auth0/nextjs-auth0's `Auth0Client#middleware`, each bundled the same way: esbuild,
// browser platform with the edge conditions (`edge-light`, `worker`, `browser`), ESM,
// minified, `next` external (Next provides it), then gzipped. A Node built-in in either
// bundle fails the build here, which is also the proof that the entry runs on the edge.
//
//   node src/edge-size.mjs              print, and write the section of docs/benchmarks.md
//   node src/edge-size.mjs --no-write   print only
//
// The kit is bundled from its TypeScript sources (`@kit/source`), i.e. the same code
// its `dist` ships, so no `pnpm build` is needed first.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const BENCH = join(dirname(fileURLToPath(import.meta.url)), '..')
const DOCS = join(BENCH, '..', 'docs', 'benchmarks.md')
const START = '<!-- edge-size:start -->'
const END = '<!-- edge-size:end -->'

/** Minimal middleware entries, written as an app would write them. */
const ENTRIES = [
  {
    name: '@kit/next `kit.proxy()`',
    pkg: '@kit/next',
    conditions: ['@kit/source'],
    source: `
      import { createKitNext } from '@kit/next'
      const kit = createKitNext({})
      export default kit.proxy({ protect: ['/dashboard/:path*'], api: ['/api/:path*'] })
    `,
  },
  {
    name: '@auth0/nextjs-auth0 `Auth0Client#middleware`',
    pkg: '@auth0/nextjs-auth0',
    conditions: [],
    source: `
      import { Auth0Client } from '@auth0/nextjs-auth0/server'
      const auth0 = new Auth0Client()
      export default async function middleware(request) {
        return auth0.middleware(request)
      }
    `,
  },
]

function version(pkg) {
  const manifest = join(BENCH, 'node_modules', pkg, 'package.json')
  return JSON.parse(readFileSync(manifest, 'utf8')).version
}

async function measure(entry) {
  const result = await build({
    stdin: { contents: entry.source, resolveDir: BENCH, loader: 'js', sourcefile: 'middleware.js' },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: [...entry.conditions, 'edge-light', 'worker', 'browser'],
    external: ['next', 'next/*'],
    logLevel: 'error',
  })
  const code = result.outputFiles[0].contents
  return {
    name: entry.name,
    version: version(entry.pkg),
    bytes: code.length,
    gzip: gzipSync(code).length,
  }
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`

function section(rows) {
  return [
    START,
    '## Edge bundle size (Next.js middleware / proxy)',
    '',
    'What authentication adds to a Next.js `middleware.ts` (edge runtime) or `proxy.ts`:',
    'a minimal middleware for each library bundled by esbuild for the edge (browser',
    'platform, conditions `edge-light`, `worker`, `browser`, ESM, minified, `next`',
    'external), then gzipped. Smaller is faster to deploy and to cold-start on edge',
    'platforms with a size limit. The kit is bundled from its sources (the same code its',
    '`dist` ships).',
    '',
    '- command: `pnpm --filter @kit/bench edge-size`',
    `- date: ${new Date().toISOString()}; esbuild ${version('esbuild')}`,
    '',
    '| middleware | version | minified | gzipped |',
    '| --- | --- | ---: | ---: |',
    ...rows.map((r) => `| ${r.name} | ${r.version} | ${kb(r.bytes)} | ${kb(r.gzip)} |`),
    END,
  ].join('\n')
}

const rows = []
for (const entry of ENTRIES) rows.push(await measure(entry))
const text = section(rows)
process.stdout.write(`${text}\n`)
if (!process.argv.includes('--no-write')) {
  const doc = readFileSync(DOCS, 'utf8')
  const start = doc.indexOf(START)
  const end = doc.indexOf(END)
  const updated =
    start >= 0 && end > start
      ? `${doc.slice(0, start)}${text}${doc.slice(end + END.length)}`
      : `${doc.trimEnd()}\n\n${text}\n`
  writeFileSync(DOCS, updated)
}
