/**
 * The anvil child process: where its binary is, how it is spawned, and how it is guaranteed to
 * go away. No `@btc-layers/core` import here, so a bare Node script can load this module (the
 * crash test runs it in a child process).
 *
 * What ends anvil:
 * - `stop()`: SIGTERM, then SIGKILL after 3 s; resolves once the process has exited and been reaped.
 * - the Node parent exiting normally or via `process.exit()` (the 'exit' handler sends SIGKILL);
 * - SIGINT / SIGTERM to the Node parent (handlers kill anvil, then re-raise the signal when no
 *   one else listens to it, so the default "terminate" still happens);
 * - the Node parent dying any other way, SIGKILL and crashes included (Linux/macOS): a watchdog
 *   (`/bin/sh`, a few hundred KB) blocks reading a pipe whose only writer is the parent; the kernel
 *   closes it when the parent dies, the read returns and the watchdog kills anvil.
 * Not covered: the watchdog itself being SIGKILLed together with the parent (e.g. `kill -9` of
 * the whole process group: then anvil gets the same SIGKILL anyway, it is in that group), and
 * Windows (no watchdog; only the handlers above).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'

/** How to run anvil: the native binary, or (fallback) the npm wrapper through node. */
export interface AnvilCommand {
  readonly file: string
  /** Arguments before anvil's own (the wrapper's path in the fallback). */
  readonly prefix: readonly string[]
  /** true when `file` is anvil itself; false when it is node running `@foundry-rs/anvil/bin.mjs`. */
  readonly native: boolean
}

/** `@foundry-rs/anvil`'s optional platform packages (same table as its `const.mjs`). */
const PLATFORM_PACKAGES: Readonly<Record<string, string>> = {
  'linux-x64': '@foundry-rs/anvil-linux-amd64',
  'linux-arm64': '@foundry-rs/anvil-linux-arm64',
  'darwin-x64': '@foundry-rs/anvil-darwin-amd64',
  'darwin-arm64': '@foundry-rs/anvil-darwin-arm64',
  'win32-x64': '@foundry-rs/anvil-win32-amd64',
}

let cachedCommand: AnvilCommand | undefined

/**
 * Finds anvil. The native binary lives in `@foundry-rs/anvil`'s optional dependency for this
 * platform (`@foundry-rs/anvil-linux-amd64/bin/anvil` here). pnpm does not hoist it, so it is
 * resolved from `@foundry-rs/anvil`'s own location (and, first, from ours in case a package
 * manager hoisted it).
 *
 * Fallback, when the platform package is missing (optional deps skipped, `--no-optional`, an
 * unlisted platform): `node @foundry-rs/anvil/bin.mjs`, the package's own launcher, which looks
 * for a binary a postinstall may have put in `dist/`. It is a second process in between: it
 * forwards SIGINT/SIGTERM to anvil, but a SIGKILL to it would orphan anvil, so in that mode the
 * emergency paths send SIGTERM rather than SIGKILL. Prefer the native path.
 */
export function resolveAnvilCommand(): AnvilCommand {
  if (cachedCommand) return cachedCommand
  const { ownRequire, anvilRequire } = requires()
  const platformPackage = PLATFORM_PACKAGES[`${process.platform}-${process.arch}`]
  const binaryName = process.platform === 'win32' ? 'anvil.exe' : 'anvil'
  if (platformPackage) {
    for (const req of [ownRequire, anvilRequire]) {
      try {
        const file = join(dirname(req.resolve(`${platformPackage}/package.json`)), 'bin', binaryName)
        if (existsSync(file)) return (cachedCommand = { file, prefix: [], native: true })
      } catch {
        // not resolvable from here: try the next place, then the wrapper
      }
    }
  }
  return (cachedCommand = anvilWrapperCommand())
}

/** `node …/@foundry-rs/anvil/bin.mjs`: the fallback of `resolveAnvilCommand()`. */
export function anvilWrapperCommand(): AnvilCommand {
  const wrapper = join(dirname(requires().anvilPackageJson), 'bin.mjs')
  if (!existsSync(wrapper)) {
    throw new Error(`testkit rootstock: no anvil binary for ${process.platform}-${process.arch} and no ${wrapper}`)
  }
  return { file: process.execPath, prefix: [wrapper], native: false }
}

function requires() {
  const ownRequire = createRequire(import.meta.url)
  let anvilPackageJson: string
  try {
    anvilPackageJson = ownRequire.resolve('@foundry-rs/anvil/package.json')
  } catch (cause) {
    throw new Error('testkit rootstock: @foundry-rs/anvil is not installed (it is a dependency of @btc-layers/testkit)', { cause })
  }
  return { ownRequire, anvilRequire: createRequire(anvilPackageJson), anvilPackageJson }
}

/** A free TCP port on 127.0.0.1 (bound then released: a race with another process is possible, see `isAddressInUse`). */
export async function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('testkit rootstock: no free port'))))
    })
  })
}

/** anvil's message when its port was taken between `freePort()` and its bind. */
export function isAddressInUse(stderr: string): boolean {
  return /address already in use|addrinuse|os error 98|os error 48/i.test(stderr)
}

export interface AnvilExit {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
}

export interface AnvilProcess {
  readonly pid: number
  /** The watchdog's pid, or undefined without one (Windows, or it failed to start). */
  readonly watchdogPid: number | undefined
  readonly command: AnvilCommand
  readonly args: readonly string[]
  /** Resolves when anvil has exited (and been reaped). */
  readonly exited: Promise<AnvilExit>
  /** The exit, once it happened. */
  exit(): AnvilExit | undefined
  /** The last few KB anvil wrote to stderr. */
  stderrTail(): string
  /** SIGTERM, SIGKILL after `graceMs` (3 s); idempotent; resolves after the exit. */
  stop(graceMs?: number): Promise<void>
}

const STDERR_KEEP = 8 * 1024

/**
 * Spawns anvil with `args` and arms every cleanup path described at the top of this file.
 * Resolves once the process is running (spawn succeeded), not when its RPC is ready.
 */
export interface SpawnAnvilOptions {
  /** Default: `resolveAnvilCommand()`. */
  command?: AnvilCommand
  /** Start the parent-death watchdog (Linux/macOS). Default true; false only to test the other paths. */
  watchdog?: boolean
}

export async function spawnAnvil(args: readonly string[], options: SpawnAnvilOptions = {}): Promise<AnvilProcess> {
  const command = options.command ?? resolveAnvilCommand()
  const child = spawn(command.file, [...command.prefix, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: false,
    windowsHide: true,
  })
  let stderr = ''
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP)
  })

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => {
      child.off('spawn', onSpawn)
      reject(new Error(`testkit rootstock: cannot start anvil (${command.file}): ${error.message}`, { cause: error }))
    }
    const onSpawn = () => {
      child.off('error', onError)
      resolve()
    }
    child.once('error', onError)
    child.once('spawn', onSpawn)
  })
  const pid = child.pid
  if (pid === undefined) throw new Error(`testkit rootstock: anvil (${command.file}) started without a pid`)
  // Later 'error' events (a failed kill) must not crash the parent.
  child.on('error', () => {})

  let exitInfo: AnvilExit | undefined
  const watchdog = options.watchdog === false ? undefined : startWatchdog(pid, command.native ? 'KILL' : 'TERM')

  const entry: LiveEntry = {
    emergencyKill() {
      killQuietly(watchdog, 'SIGKILL')
      killQuietly(child, command.native ? 'SIGKILL' : 'SIGTERM')
    },
  }
  register(entry)

  const exited = new Promise<AnvilExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal }
      // anvil is gone (and reaped): the watchdog has nothing left to guard.
      killQuietly(watchdog, 'SIGKILL')
      unregister(entry)
      resolve(exitInfo)
    })
  })

  let stopping: Promise<void> | undefined
  const stop = (graceMs = 3000): Promise<void> =>
    (stopping ??= (async () => {
      if (exitInfo) return
      killQuietly(child, 'SIGTERM')
      if (await exitedWithin(exited, graceMs)) return
      killQuietly(child, 'SIGKILL')
      if (await exitedWithin(exited, 2000)) return
      throw new Error(`testkit rootstock: anvil (pid ${pid}) did not exit after SIGTERM and SIGKILL`)
    })())

  return {
    pid,
    watchdogPid: watchdog?.pid,
    command,
    args: [...args],
    exited,
    exit: () => exitInfo,
    stderrTail: () => stderr,
    stop,
  }
}

function killQuietly(proc: ChildProcess | undefined, signal: NodeJS.Signals): void {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return
  try {
    proc.kill(signal)
  } catch {
    // already gone
  }
}

async function exitedWithin(exited: Promise<AnvilExit>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms)
  })
  try {
    return await Promise.race([exited.then(() => true as const), timeout])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * `sh` blocked on `read` from a pipe only the Node parent holds (libuv opens it close-on-exec,
 * so no other child inherits it). When the parent dies, however it dies, the kernel closes the
 * write end, `read` hits EOF and the watchdog signals anvil. On a normal stop the watchdog is
 * SIGKILLed once anvil has exited. `$1` is anvil's pid, `$2` the signal.
 */
const WATCHDOG_SCRIPT = 'read _unused; kill -"$2" "$1" 2>/dev/null'

function startWatchdog(pid: number, signal: 'KILL' | 'TERM'): ChildProcess | undefined {
  if (process.platform === 'win32' || !existsSync('/bin/sh')) return undefined
  try {
    const watchdog = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, 'btc-layers-anvil-watchdog', String(pid), signal], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: false,
      windowsHide: true,
    })
    watchdog.on('error', () => {})
    // The pipe must stay open (that is the point) but writes never happen; ignore EPIPE-style errors.
    watchdog.stdin?.on('error', () => {})
    return watchdog
  } catch {
    return undefined
  }
}

// ---------------------------------------------------------------------------------------------
// One process-wide set of live anvils and one set of handlers, installed while the set is non-empty.

interface LiveEntry {
  emergencyKill(): void
}

const live = new Set<LiveEntry>()
let installed = false

function killAll(): void {
  for (const entry of live) entry.emergencyKill()
}

function onProcessExit(): void {
  killAll()
}

function onSignal(signal: 'SIGINT' | 'SIGTERM'): void {
  killAll()
  live.clear()
  uninstall()
  // A listener replaces Node's default action (terminate). Restore it when no one else listens.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}

const onSigint = () => onSignal('SIGINT')
const onSigterm = () => onSignal('SIGTERM')

function register(entry: LiveEntry): void {
  live.add(entry)
  if (installed) return
  installed = true
  process.on('exit', onProcessExit)
  process.on('SIGINT', onSigint)
  process.on('SIGTERM', onSigterm)
}

function unregister(entry: LiveEntry): void {
  live.delete(entry)
  if (live.size === 0) uninstall()
}

function uninstall(): void {
  if (!installed) return
  installed = false
  process.off('exit', onProcessExit)
  process.off('SIGINT', onSigint)
  process.off('SIGTERM', onSigterm)
}

/** For tests: how many anvils this process is responsible for, and whether the handlers are armed. */
export function liveAnvilCount(): { processes: number; handlersInstalled: boolean } {
  return { processes: live.size, handlersInstalled: installed }
}
