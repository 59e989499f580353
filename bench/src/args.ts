/**
 * The command line every benchmark script reads: `--quick` (the short form `pnpm bench
 * --quick` runs), `--no-write` (print only) and numeric `--<name> <n>` options.
 */

/** The script's arguments. */
export const args: readonly string[] = process.argv.slice(2)

/** `--quick`: the short form of the script, same code paths, fewer or shorter rounds. */
export const quick: boolean = args.includes('--quick')

/**
 * The number given as `--<name> <n>`, else `short` in a quick run and `full` otherwise.
 *
 * @example
 * ```ts
 * const rounds = option('rounds', 5, 3) // --rounds 7 -> 7; --quick -> 3; else 5
 * ```
 */
export function option(name: string, full: number, short: number = full): number {
  const i = args.indexOf(`--${name}`)
  return i === -1 ? (quick ? short : full) : Number(args[i + 1])
}
