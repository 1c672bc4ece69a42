/**
 * `startRootstockNode()`: a local EVM node standing in for Rootstock regtest, i.e. anvil (native
 * binary from `@foundry-rs/anvil`) on 127.0.0.1 with a Rootstock chain id, the berlin hardfork
 * (no base fee, so only legacy and type-1 transactions) and a Rootstock-like gas price.
 * See the README ("Rootstock node") for what it does not model.
 */
import { type Amount, assets, isSameAsset } from '@btc-layers/core'
import type { Service } from '../services.js'
import { type AnvilProcess, freePort, isAddressInUse, spawnAnvil } from './anvil.js'

/** Rootstock's EIP-155 chain ids: 30 mainnet, 31 testnet, 33 regtest. */
export type RootstockChainId = 30 | 31 | 33

export interface RootstockNodeOptions {
  /** Chain id the node reports and signs with. Default 33 (Rootstock regtest). */
  chainId?: RootstockChainId
  /**
   * Gas price in wei passed to anvil as `--gas-price`: what `eth_gasPrice` answers and what
   * `fund()` pays. anvil does NOT refuse cheaper transactions (see the README). Default
   * 60_000_000n (0.06 gwei, about Rootstock's observed minimum).
   */
  minimumGasPrice?: bigint
  /** How long to wait for anvil to answer `eth_chainId`. Default 15_000 ms. */
  startTimeoutMs?: number
}

export interface LocalRootstock extends Service {
  readonly name: 'rootstock'
  /** `http://127.0.0.1:<port>`: anvil's JSON-RPC (HTTP; the same port also speaks WebSocket). */
  readonly rpcUrl: string
  readonly chainId: RootstockChainId
  /** Wei; anvil's `--gas-price`. Not enforced by the node (see the README). */
  readonly minimumGasPrice: bigint
  /** anvil's process id (for checks that it is gone after `stop()`). */
  readonly pid: number
  /** The funded, unlocked dev account `fund()` pays from (anvil's account 0, 10 000 RBTC at start). */
  readonly faucetAddress: string
  /**
   * A real value transfer from the faucet: `eth_sendTransaction`, legacy (type 0), `gasPrice` =
   * `minimumGasPrice`; waits for the receipt (automine: the next block) and resolves to the tx
   * hash. `amount` is RBTC (`assets.RBTC`) or wei as a bigint. Concurrent calls are queued (anvil
   * would give them the same nonce); don't send from `faucetAddress` yourself meanwhile.
   */
  fund(address: string, amount: Amount | bigint): Promise<string>
  /** Mines `n` (default 1) empty blocks (`anvil_mine`). Transactions are mined as they arrive anyway. */
  mine(n?: number): Promise<void>
  /** SIGTERM, then SIGKILL after 3 s; resolves once anvil has exited. Idempotent. */
  stop(): Promise<void>
}

const DEFAULT_CHAIN_ID: RootstockChainId = 33
const DEFAULT_MINIMUM_GAS_PRICE = 60_000_000n
const DEFAULT_START_TIMEOUT_MS = 15_000
const POLL_MS = 50
const PORT_ATTEMPTS = 4
const RECEIPT_TIMEOUT_MS = 10_000
const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/

/**
 * Starts anvil as a Rootstock stand-in on a free port of 127.0.0.1 and waits until it answers.
 *
 * @example
 * const rsk = await startRootstockNode({ chainId: 31 })
 * const hash = await rsk.fund('0x…', Amount.parse('0.5', assets.RBTC))
 * // point the SDK at rsk.rpcUrl …
 * await rsk.stop()
 */
export async function startRootstockNode(options: RootstockNodeOptions = {}): Promise<LocalRootstock> {
  const chainId = options.chainId ?? DEFAULT_CHAIN_ID
  if (chainId !== 30 && chainId !== 31 && chainId !== 33) {
    throw new TypeError(`testkit rootstock: chainId must be 30, 31 or 33, not ${String(chainId)}`)
  }
  const minimumGasPrice = options.minimumGasPrice ?? DEFAULT_MINIMUM_GAS_PRICE
  if (typeof minimumGasPrice !== 'bigint' || minimumGasPrice < 0n) {
    throw new TypeError('testkit rootstock: minimumGasPrice must be a non-negative bigint (wei)')
  }
  const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS
  if (!Number.isFinite(startTimeoutMs) || startTimeoutMs <= 0) {
    throw new TypeError('testkit rootstock: startTimeoutMs must be a positive number')
  }

  const { anvil: node, rpcUrl } = await launch(chainId, minimumGasPrice, startTimeoutMs)
  const rpc = <T>(method: string, params: unknown[] = []) => rpcCall<T>(rpcUrl, method, params)
  let faucetAddress: string
  try {
    const accounts = await rpc<string[]>('eth_accounts')
    const first = accounts[0]
    if (typeof first !== 'string' || !ADDRESS_RE.test(first)) throw new Error('anvil has no dev account')
    faucetAddress = first
  } catch (error) {
    await node.stop()
    throw error
  }

  // anvil picks the nonce of eth_sendTransaction itself and two concurrent sends from one account
  // can get the same one ("nonce too low"), so fund() calls run one at a time.
  let fundQueue: Promise<unknown> = Promise.resolve()
  const fund = (address: string, amount: Amount | bigint): Promise<string> => {
    const next = fundQueue.then(() => fundNow(address, amount))
    fundQueue = next.catch(() => {})
    return next
  }

  const fundNow = async (address: string, amount: Amount | bigint): Promise<string> => {
    if (typeof address !== 'string' || !ADDRESS_RE.test(address)) {
      throw new TypeError(`testkit rootstock: fund() needs a 0x-prefixed 20-byte hex address, not ${String(address)}`)
    }
    const wei = toWei(amount)
    let hash: string
    try {
      hash = await rpc<string>('eth_sendTransaction', [
        {
          from: faucetAddress,
          // Lowercase: the caller may pass an EIP-1191 (Rootstock) checksum, which is not EIP-55.
          to: address.toLowerCase(),
          value: toHex(wei),
          type: '0x0',
          gasPrice: toHex(minimumGasPrice),
        },
      ])
    } catch (error) {
      throw new Error(`testkit rootstock: fund(${address}, ${wei} wei) refused by the node: ${(error as Error).message}`, { cause: error })
    }
    const receipt = await waitForReceipt(rpcUrl, hash)
    if (receipt.status !== '0x1') {
      throw new Error(`testkit rootstock: fund(${address}, ${wei} wei): transaction ${hash} reverted (status ${String(receipt.status)})`)
    }
    return hash
  }

  return {
    name: 'rootstock',
    rpcUrl,
    chainId,
    minimumGasPrice,
    pid: node.pid,
    faucetAddress,
    fund,
    async mine(n = 1) {
      if (!Number.isSafeInteger(n) || n < 0) throw new TypeError('testkit rootstock: mine(n) needs a non-negative integer')
      if (n === 0) return
      await rpc('anvil_mine', [toHex(BigInt(n))])
    },
    stop: () => node.stop(),
  }
}

/** Spawns anvil on a free port until one start answers (retrying the port race), or throws. */
async function launch(chainId: RootstockChainId, minimumGasPrice: bigint, startTimeoutMs: number): Promise<{ anvil: AnvilProcess; rpcUrl: string }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    const args = [
      '--host', '127.0.0.1',
      '--port', String(port),
      '--chain-id', String(chainId),
      '--hardfork', 'berlin', // no baseFeePerGas: type-2 transactions are refused
      '--gas-price', minimumGasPrice.toString(),
      '--quiet', // `--silent` is a hidden alias of it
    ]
    const anvil = await spawnAnvil(args)
    const rpcUrl = `http://127.0.0.1:${port}`
    const ready = await waitUntilReady(anvil, rpcUrl, chainId, startTimeoutMs)
    if (ready === 'ready') return { anvil, rpcUrl }
    await anvil.stop()
    // A port taken in the race after freePort(): anvil exits with "address in use", or another
    // node answers on it (wrong chain id). Either way, try another port.
    if (ready !== 'exited' && ready !== 'timeout' && attempt < PORT_ATTEMPTS) continue
    throw new Error(describeStartFailure(ready, anvil, rpcUrl, startTimeoutMs))
  }
}

type Readiness = 'ready' | 'port-taken' | 'exited' | 'timeout' | { wrongChainId: string }

async function waitUntilReady(anvil: AnvilProcess, url: string, chainId: number, timeoutMs: number): Promise<Readiness> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (anvil.exit()) return isAddressInUse(anvil.stderrTail()) ? 'port-taken' : 'exited'
    try {
      const answer = await rpcCall<string>(url, 'eth_chainId', [], 1000)
      // Another process could own the port (race after freePort()): it must be our anvil, alive,
      // with our chain id.
      if (anvil.exit()) return isAddressInUse(anvil.stderrTail()) ? 'port-taken' : 'exited'
      if (Number(answer) !== chainId) return { wrongChainId: answer }
      return 'ready'
    } catch {
      // not listening yet
    }
    await Promise.race([sleep(POLL_MS), anvil.exited])
  }
  return 'timeout'
}

function describeStartFailure(ready: Exclude<Readiness, 'ready'>, anvil: AnvilProcess, url: string, timeoutMs: number): string {
  const cmd = [anvil.command.file, ...anvil.command.prefix, ...anvil.args].join(' ')
  const tail = anvil.stderrTail().trim().slice(-2000)
  const stderr = tail ? `\nanvil stderr (last lines):\n${tail}` : '\n(anvil wrote nothing to stderr)'
  const exit = anvil.exit()
  const how = exit ? (exit.signal ? `signal ${exit.signal}` : `code ${String(exit.code)}`) : 'still running'
  if (ready === 'timeout') return `testkit rootstock: anvil did not answer eth_chainId on ${url} within ${timeoutMs} ms (${cmd})${stderr}`
  if (ready === 'port-taken') return `testkit rootstock: anvil could not bind a free port after ${PORT_ATTEMPTS} attempts (${cmd})${stderr}`
  if (ready === 'exited') return `testkit rootstock: anvil exited (${how}) before answering on ${url} (${cmd})${stderr}`
  return `testkit rootstock: ${url} answered chain id ${ready.wrongChainId}, not the one anvil was started with (${cmd})`
}

async function waitForReceipt(url: string, hash: string): Promise<{ status?: string }> {
  const deadline = Date.now() + RECEIPT_TIMEOUT_MS
  for (;;) {
    const receipt = await rpcCall<{ status?: string } | null>(url, 'eth_getTransactionReceipt', [hash])
    if (receipt) return receipt
    if (Date.now() > deadline) throw new Error(`testkit rootstock: no receipt for ${hash} after ${RECEIPT_TIMEOUT_MS} ms`)
    await sleep(POLL_MS)
  }
}

let nextId = 1

/** One JSON-RPC 2.0 call over fetch; an RPC error becomes an Error with the node's message and code. */
async function rpcCall<T>(url: string, method: string, params: unknown[], timeoutMs = 10_000): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  })
  const text = await res.text()
  let body: { result?: T; error?: { code?: number; message?: string } }
  try {
    body = JSON.parse(text) as typeof body
  } catch {
    throw new Error(`${method}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`)
  }
  if (body.error) {
    throw new Error(`${method} failed: ${body.error.message ?? JSON.stringify(body.error)} (RPC error ${String(body.error.code)})`)
  }
  if (!('result' in body)) throw new Error(`${method}: reply without result`)
  return body.result as T
}

function toWei(amount: Amount | bigint): bigint {
  if (typeof amount === 'bigint') {
    if (amount <= 0n) throw new RangeError('testkit rootstock: fund() needs a positive amount')
    return amount
  }
  if (!isSameAsset(amount.asset, assets.RBTC)) {
    throw new TypeError(`testkit rootstock: fund() takes RBTC, not ${amount.asset.symbol}`)
  }
  if (amount.value <= 0n) throw new RangeError('testkit rootstock: fund() needs a positive amount')
  return amount.value
}

const toHex = (n: bigint) => `0x${n.toString(16)}`
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
