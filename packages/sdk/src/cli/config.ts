import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { BitcoinBackend } from '@btc-layers/bitcoin'
import { InputError, isNetwork, type Network } from '@btc-layers/core'
import type { LightningBackend } from '@btc-layers/lightning'
import type { WalletLayersConfig } from '../layers/registry.js'

/**
 * `btc-layers.config.json` (or `--config <file>`). Every field may instead come from the
 * environment, which wins: BTC_LAYERS_NETWORK, BTC_LAYERS_ESPLORA_URL, BTC_LAYERS_BITCOIN_CORE_URL
 * (+ BTC_LAYERS_BITCOIN_CORE_AUTH "user:password"), BTC_LAYERS_LND_URL (+ BTC_LAYERS_LND_MACAROON
 * hex), BTC_LAYERS_CLN_URL (+ BTC_LAYERS_CLN_RUNE), BTC_LAYERS_ROOTSTOCK_URL.
 */
export interface ConfigFile {
  network?: Network
  bitcoin?: { esplora?: string; bitcoinCore?: { url: string; auth?: string } }
  lightning?: { lnd?: { url: string; macaroon: string }; cln?: { url: string; rune: string } }
  rootstock?: { url?: string }
}

export const CONFIG_FILE = 'btc-layers.config.json'

export interface CliConfig {
  network: Network
  /** Layers with a backend; empty when none is configured (the wallet then loads every layer offline). */
  layers: WalletLayersConfig
  /** Where the settings came from, for `--help` and errors (never their values). */
  sources: string[]
}

/** Reads the settings; a layer's package is imported only when its backend is configured. */
export async function loadConfig(options: { path?: string; network?: string; env?: NodeJS.ProcessEnv; cwd?: string }): Promise<CliConfig> {
  const env = options.env ?? process.env
  const sources: string[] = []
  const file = readConfigFile(options.path, options.cwd ?? process.cwd())
  if (file.path) sources.push(file.path)
  const fromFile = file.config
  const network = options.network ?? env.BTC_LAYERS_NETWORK ?? fromFile.network ?? 'mainnet'
  if (!isNetwork(network)) throw invalid(`Unknown network ${JSON.stringify(network).slice(0, 40)}: use mainnet, testnet, signet or regtest.`)

  const layers: WalletLayersConfig = {}
  const bitcoin = await bitcoinBackend(env, fromFile)
  if (bitcoin) layers.bitcoin = { backend: bitcoin }
  const lightning = await lightningBackend(env, fromFile)
  if (lightning) layers.lightning = { backend: lightning }
  const rootstockUrl = env.BTC_LAYERS_ROOTSTOCK_URL ?? fromFile.rootstock?.url
  if (rootstockUrl) {
    const { jsonRpc } = await import('@btc-layers/rootstock')
    layers.rootstock = { backend: jsonRpc({ url: rootstockUrl }) }
  }
  if (Object.keys(env).some((k) => k.startsWith('BTC_LAYERS_') && k !== 'BTC_LAYERS_MNEMONIC' && k !== 'BTC_LAYERS_PASSPHRASE')) sources.push('environment')
  return { network, layers, sources }
}

async function bitcoinBackend(env: NodeJS.ProcessEnv, file: ConfigFile): Promise<BitcoinBackend | undefined> {
  // The environment wins as a whole: a backend set there replaces the file's, whichever kind.
  const fromEnv = Boolean(env.BTC_LAYERS_ESPLORA_URL || env.BTC_LAYERS_BITCOIN_CORE_URL)
  const esploraUrl = fromEnv ? env.BTC_LAYERS_ESPLORA_URL : file.bitcoin?.esplora
  const coreUrl = fromEnv ? env.BTC_LAYERS_BITCOIN_CORE_URL : file.bitcoin?.bitcoinCore?.url
  if (esploraUrl && coreUrl) throw invalid('Configure one Bitcoin backend: Esplora or Bitcoin Core, not both.')
  if (!esploraUrl && !coreUrl) return undefined
  const { bitcoinCore, esplora } = await import('@btc-layers/bitcoin')
  if (esploraUrl) return esplora({ url: esploraUrl })
  if (!coreUrl) return undefined
  const auth = fromEnv ? env.BTC_LAYERS_BITCOIN_CORE_AUTH : file.bitcoin?.bitcoinCore?.auth
  if (auth === undefined) return bitcoinCore({ url: coreUrl })
  const colon = auth.indexOf(':')
  if (colon < 0) throw invalid('The Bitcoin Core auth is "user:password" (or the .cookie file contents).')
  return bitcoinCore({ url: coreUrl, auth: { username: auth.slice(0, colon), password: auth.slice(colon + 1) } })
}

async function lightningBackend(env: NodeJS.ProcessEnv, file: ConfigFile): Promise<LightningBackend | undefined> {
  const fromEnv = Boolean(env.BTC_LAYERS_LND_URL || env.BTC_LAYERS_CLN_URL)
  const lndUrl = fromEnv ? env.BTC_LAYERS_LND_URL : file.lightning?.lnd?.url
  const clnUrl = fromEnv ? env.BTC_LAYERS_CLN_URL : file.lightning?.cln?.url
  if (lndUrl && clnUrl) throw invalid('Configure one Lightning node: LND or Core Lightning, not both.')
  if (!lndUrl && !clnUrl) return undefined
  const { cln, lnd } = await import('@btc-layers/lightning')
  if (lndUrl) {
    const macaroon = fromEnv ? env.BTC_LAYERS_LND_MACAROON : file.lightning?.lnd?.macaroon
    if (!macaroon) throw invalid('LND needs a macaroon (hex): set BTC_LAYERS_LND_MACAROON or lightning.lnd.macaroon.')
    return lnd({ url: lndUrl, macaroon })
  }
  if (clnUrl) {
    const rune = fromEnv ? env.BTC_LAYERS_CLN_RUNE : file.lightning?.cln?.rune
    if (!rune) throw invalid('Core Lightning needs a rune: set BTC_LAYERS_CLN_RUNE or lightning.cln.rune.')
    return cln({ url: clnUrl, rune })
  }
  return undefined
}

function readConfigFile(path: string | undefined, cwd: string): { path?: string; config: ConfigFile } {
  const file = resolve(cwd, path ?? CONFIG_FILE)
  if (!existsSync(file)) {
    if (path !== undefined) throw invalid(`No config file at ${file}.`)
    return { config: {} }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    // The parser's message may quote the file (which can hold a macaroon or rune): keep only where.
    throw invalid(`${file} is not valid JSON: fix it or point --config elsewhere.`, error instanceof SyntaxError ? undefined : error)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid(`${file} must hold a JSON object.`)
  return { path: file, config: parsed as ConfigFile }
}

function invalid(message: string, cause?: unknown): InputError {
  return new InputError(message, { code: 'INVALID_ARGUMENT', ...(cause === undefined ? {} : { cause }) })
}
