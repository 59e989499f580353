import { type Attribution, largest, OWNERS, type Owner } from './cpu-profile.js'
import { type Machine, runLines } from './section.js'

/** One app of a `bench:throughput --profile` run: its processes' profiles added up. */
export interface ProfileRow {
  framework: string
  app: string
  /**
   * The measured kit app, the bare app in a kit process of its own, plain bare (the
   * base whose packages the section lists), or a control or peer.
   */
  role: 'kit' | 'twin' | 'bare' | 'other'
  /** Processes whose profile was found (of those the run started for this app). */
  processes: number
  attribution: Attribution
}

const HEADINGS: Record<Owner, string> = {
  kit: 'kit',
  app: 'app handlers',
  packages: 'node_modules',
  node: 'Node',
  gc: 'GC',
  v8: 'V8',
}

const share = (micros: number, of: number) => `${((100 * micros) / of).toFixed(2)} %`

/** The `throughput-profile` section of docs/benchmarks.md (without its markers). */
export function renderProfileReport(
  rows: readonly ProfileRow[],
  meta: Machine & { command: string; kinds: string },
): string {
  const lines = [
    '## Where a server spends its CPU (profiles of the throughput servers)',
    '',
    "`bench:throughput --profile` runs the throughput benchmark with every server under Node's",
    "`--cpu-prof` and splits each profile's serving time (start-up left out) by the owner of",
    'the innermost JavaScript frame of each sample: the kit (its packages, bundled from their',
    "sources), the bench app's own handlers, packages under node_modules (the framework and",
    "what it loads), Node's own JavaScript (HTTP, streams, sockets, events), the garbage",
    'collector, and V8 itself. A native function is charged to the JavaScript that called it.',
    'The processes of one app are added up. Unlike the ratios of the throughput section, a',
    "share says how much of a process's time the kit's own code took, which process history",
    'and noisy neighbours cannot move by more than the sampling error (1 sample per ms).',
    'Profiling slows every server, so this run reports no ratios. The twin ("bare, in a kit',
    'process") runs kit code only for its host app\'s sign-ins, made before every group as the',
    "measured kit app's are: the kit's time in the twin's process, taken from the kit's in its",
    "own, leaves the kit's request path.",
    '',
    ...runLines(meta.command, meta),
    `- route kinds served: ${meta.kinds}`,
    '',
    `| framework | app | processes | serving CPU s | ${OWNERS.map((o) => HEADINGS[o]).join(' | ')} |`,
    `| --- | --- | ---: | ---: | ${OWNERS.map(() => '---:').join(' | ')} |`,
    ...rows.map(
      ({ framework, app, processes, attribution: a }) =>
        `| ${framework} | ${app} | ${processes} | ${(a.servingMicros / 1e6).toFixed(1)} | ${OWNERS.map((o) => share(a.byOwner[o], a.servingMicros)).join(' | ')} |`,
    ),
  ]
  for (const row of rows) {
    // The other apps' kit time is start-up and sign-ins, not requests.
    if (row.role !== 'kit') continue
    const a = row.attribution
    const top = largest(a.kitFunctions, 12).map(
      ([name, us]) => `${name} ${share(us, a.servingMicros)}`,
    )
    lines.push(
      '',
      `${row.framework}, ${row.app}: the kit's functions by share of the serving CPU: ${top.join(', ')}.`,
    )
  }
  for (const framework of new Set(rows.map((r) => r.framework))) {
    const kit = rows.find((r) => r.framework === framework && r.role === 'kit')?.attribution
    const twin = rows.find((r) => r.framework === framework && r.role === 'twin')?.attribution
    if (kit && twin) {
      const requests = kit.byOwner.kit - twin.byOwner.kit
      lines.push(
        '',
        `${framework}: the kit's request path, its time in the kit process less its time in the twin's (the host app's sign-ins, which the kit app makes too): ${share(requests, kit.servingMicros)} of the kit process's serving CPU.`,
      )
    }
    const bare = rows.find((r) => r.framework === framework && r.role === 'bare')
    if (!bare) continue
    const top = largest(bare.attribution.packages, 6).map(
      ([name, us]) => `${name} ${share(us, bare.attribution.servingMicros)}`,
    )
    lines.push('', `${framework}, bare: node_modules by package: ${top.join(', ')}.`)
  }
  return `${lines.join('\n')}\n`
}
