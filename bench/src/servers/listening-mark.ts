/**
 * The property a bench server reads once it listens when `BENCH_V8_LOG=1`
 * (env.ts `afterListening`): the time of its first inline-cache event in V8's log
 * splits the log into start-up and serving (v8-feedback.ts). Its own module so that
 * the servers and the harness's log parser share it without importing each other.
 */
export const LISTENING_MARK = 'benchListeningMark'
