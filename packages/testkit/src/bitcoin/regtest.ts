/**
 * `startBitcoinRegtest()`: an in-memory Bitcoin regtest behind an Esplora-shaped HTTP API on
 * 127.0.0.1, with a faucet, explicit mining and one-shot fault injection.
 */
import { type Amount, assets, isSameAsset } from '@btc-layers/core'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readBody, startHttpServer } from '../httpServer.js'
import type { Service } from '../services.js'
import { AddressError, addressToScript } from './encoding.js'
import { DEFAULT_FEE_ESTIMATES, EsploraApi, type FeeEstimates, type Reply } from './esplora.js'
import { Faucet } from './faucet.js'
import { RegtestNode } from './node.js'
import { NodeRejection } from './validation.js'

export interface BitcoinRegtestOptions {
  /** Relay floor and incremental relay fee, in sat per 1000 vB. Default 1000n (1 sat/vB). */
  minRelayFeeRate?: bigint
  /** `GET /fee-estimates` answer (block target → sat/vB). Default: a fixed 2…1 sat/vB table. */
  feeEstimates?: Readonly<Record<string, number>>
  /**
   * Accept inputs the testkit cannot verify (p2wsh, other p2sh, taproot script path, bare
   * multisig, p2pk) without checking them. Default false: they are refused.
   */
  acceptUnverifiedScripts?: boolean
  /** Blocks mined to the faucet at start (≥ 101 so it has a mature coinbase). Default 101. */
  initialBlocks?: number
}

/** One injected failure: the next request matching `method` and `path` gets `status`. */
export interface BitcoinFault {
  /** HTTP method to match (case-insensitive); any when omitted. */
  method?: string
  /** Tested against the request path (no query string); any when omitted. */
  path?: RegExp
  status: number
  /** Response body; default `testkit: injected fault`. */
  body?: string
  /** Handle the request first (e.g. accept a broadcast), then answer the failure: a lost reply. */
  process?: boolean
  /** Wait this long before answering. */
  delayMs?: number
}

export interface BitcoinFaults {
  /** Queues one failure; each fault is used once, by the first request it matches. */
  next(fault: BitcoinFault): void
  /** Drops queued faults. */
  clear(): void
}

export interface LocalBitcoin extends Service {
  readonly name: 'bitcoin'
  /** `http://127.0.0.1:<port>`: the Esplora API. */
  readonly esploraUrl: string
  readonly network: 'regtest'
  /** The faucet's p2wpkh address (it receives the coinbase of blocks mined without `toAddress`). */
  readonly faucetAddress: string
  /** Relay floor in sat per 1000 vB. */
  readonly minRelayFeeRate: bigint
  readonly faults: BitcoinFaults
  /** Mines `n` (default 1) blocks: the first takes the whole mempool. Resolves to their hashes. */
  mine(n?: number, toAddress?: string): Promise<string[]>
  /** Pays `amount` from the faucet to `address` in a signed tx left in the mempool; resolves to its txid. */
  fund(address: string, amount: Amount | bigint): Promise<string>
  tipHeight(): number
  tipHash(): string
  stop(): Promise<void>
}

const DEFAULT_FAULT_BODY = 'testkit: injected fault'

/**
 * Starts a regtest chain in memory: genesis, then `initialBlocks` (101) blocks to the faucet,
 * served over an Esplora API.
 *
 * @example
 * const btc = await startBitcoinRegtest()
 * const txid = await btc.fund('bcrt1q…', 100_000n)
 * await btc.mine(1)
 * await btc.stop()
 */
export async function startBitcoinRegtest(options: BitcoinRegtestOptions = {}): Promise<LocalBitcoin> {
  const minRelayFeeRate = options.minRelayFeeRate ?? 1000n
  if (typeof minRelayFeeRate !== 'bigint' || minRelayFeeRate < 0n) {
    throw new TypeError('testkit bitcoin: minRelayFeeRate must be a non-negative bigint (sat per 1000 vB)')
  }
  const initialBlocks = options.initialBlocks ?? 101
  if (!Number.isSafeInteger(initialBlocks) || initialBlocks < 0) {
    throw new TypeError('testkit bitcoin: initialBlocks must be a non-negative integer')
  }
  const feeEstimates: FeeEstimates = Object.freeze({ ...(options.feeEstimates ?? DEFAULT_FEE_ESTIMATES) })

  const node = new RegtestNode({
    minRelayFeeRate,
    incrementalRelayFeeRate: minRelayFeeRate,
    acceptUnverifiedScripts: options.acceptUnverifiedScripts ?? false,
  })
  const faucet = new Faucet(node)
  node.mine(initialBlocks, faucet.script)
  const api = new EsploraApi(node, feeEstimates)

  const queued: BitcoinFault[] = []
  const timers = new Set<NodeJS.Timeout>()
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t)
        resolve()
      }, ms)
      timers.add(t)
    })

  const takeFault = (method: string, path: string): BitcoinFault | undefined => {
    const i = queued.findIndex(
      (f) => (f.method === undefined || f.method.toUpperCase() === method) && (f.path === undefined || f.path.test(path)),
    )
    return i < 0 ? undefined : queued.splice(i, 1)[0]
  }

  const send = (res: ServerResponse, reply: Reply) => {
    if (res.writableEnded || res.destroyed) return
    res.writeHead(reply.status, {
      'content-type': reply.contentType,
      'access-control-allow-origin': '*',
    })
    res.end(reply.body)
  }

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const method = (req.method ?? 'GET').toUpperCase()
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    if (method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': 'content-type',
      })
      res.end()
      return
    }
    const fault = takeFault(method, path)
    const body = () => readBody(req)
    if (fault?.delayMs) await sleep(fault.delayMs)
    if (fault && !fault.process) {
      send(res, { status: fault.status, contentType: 'text/plain', body: fault.body ?? DEFAULT_FAULT_BODY })
      return
    }
    const reply = await api.handle(method, path, body)
    send(res, fault ? { status: fault.status, contentType: 'text/plain', body: fault.body ?? DEFAULT_FAULT_BODY } : reply)
  }

  const server = await startHttpServer('bitcoin', handler)
  let stopped: Promise<void> | undefined

  const fund = async (address: string, amount: Amount | bigint): Promise<string> => {
    const sats = toSats(amount)
    const script = toScript(address)
    const hex = faucet.build(script, sats, 2n * minRelayFeeRate)
    try {
      return node.submit(hex).txid
    } catch (error) {
      if (error instanceof NodeRejection) {
        throw new Error(`testkit bitcoin: fund(${address}, ${sats}) refused by the node: ${error.message}`, { cause: error })
      }
      throw error
    }
  }

  return {
    name: 'bitcoin',
    esploraUrl: server.url,
    network: 'regtest',
    faucetAddress: faucet.address,
    minRelayFeeRate,
    faults: {
      next(fault) {
        if (!Number.isInteger(fault.status) || fault.status < 100 || fault.status > 599) {
          throw new TypeError('testkit bitcoin: a fault needs an HTTP status (100–599)')
        }
        queued.push({ ...fault })
      },
      clear() {
        queued.length = 0
      },
    },
    async mine(n = 1, toAddress?: string) {
      if (!Number.isSafeInteger(n) || n < 0) throw new TypeError('testkit bitcoin: mine(n) needs a non-negative integer')
      return node.mine(n, toAddress === undefined ? faucet.script : toScript(toAddress))
    },
    fund,
    tipHeight: () => node.chain.height,
    tipHash: () => node.chain.tip.hash,
    stop() {
      stopped ??= (async () => {
        for (const t of timers) clearTimeout(t)
        timers.clear()
        queued.length = 0
        await server.stop()
      })()
      return stopped
    },
  }
}

function toSats(amount: Amount | bigint): bigint {
  if (typeof amount === 'bigint') {
    if (amount <= 0n) throw new RangeError('testkit bitcoin: fund() needs a positive amount')
    return amount
  }
  if (!isSameAsset(amount.asset, assets.BTC)) {
    throw new TypeError(`testkit bitcoin: fund() takes BTC, not ${amount.asset.symbol}`)
  }
  if (amount.value <= 0n) throw new RangeError('testkit bitcoin: fund() needs a positive amount')
  return amount.value
}

function toScript(address: string): Uint8Array {
  try {
    return addressToScript(address)
  } catch (error) {
    if (error instanceof AddressError) throw new TypeError(`testkit bitcoin: ${error.message}: ${address}`)
    throw error
  }
}
