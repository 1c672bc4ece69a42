// What an app ships: esbuild bundles (minified ESM, tree-shaken) of btc-layers beside the raw
// bitcoinjs and @scure stacks doing the same job, each with both secp256k1 choices; then
// parseDestination's throughput beside the raw libraries. Built from the packages' dist, in one run.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { builtinModules, createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { mnemonicToSeedSync } from '@scure/bip39'
import { BIP32Factory } from 'bip32'
import { address as btcAddress, networks, payments, Psbt, Transaction } from 'bitcoinjs-lib'
import { build, type BuildFailure, type BuildOptions, type Metafile, type Plugin } from 'esbuild'
import * as ecc from 'tiny-secp256k1'
import { Bench } from 'tinybench'
import { getAddress, isAddress } from 'viem'
import { printResults, ratio } from './report.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'
const PATH = "m/84'/0'/0'/0/0"
const PAY_TO = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'
const ESPLORA = 'https://mempool.space/api'
const KiB = 1024

// ---------------------------------------------------------------------------------------------
// The job: a mainnet PSBT spending 100,000 sats from m/84'/0'/0'/0/0 (witnessUtxo and
// nonWitnessUtxo, so signPsbt can check the amount offline), to be signed by every stack.

function makePsbt(): { psbt: string; address: string; publicKey: string } {
  const node = BIP32Factory(ecc).fromSeed(mnemonicToSeedSync(MNEMONIC)).derivePath(PATH)
  const pay = payments.p2wpkh({ pubkey: node.publicKey, network: networks.bitcoin })
  const script = pay.output as Uint8Array
  const prev = new Transaction()
  prev.version = 2
  prev.addInput(new Uint8Array(32).fill(7), 0)
  prev.addOutput(script, 100_000n)
  const psbt = new Psbt({ network: networks.bitcoin })
  psbt.addInput({ hash: prev.getId(), index: 0, sequence: 0xfffffffd, witnessUtxo: { script, value: 100_000n }, nonWitnessUtxo: prev.toBuffer() })
  psbt.addOutput({ address: PAY_TO, value: 90_000n })
  return { psbt: psbt.toBase64(), address: pay.address as string, publicKey: Buffer.from(node.publicKey).toString('hex') }
}

// ---------------------------------------------------------------------------------------------
// Entries, as source text (bundled from a virtual module, resolved from `resolveDir`).

type Ecc = 'tiny-secp256k1' | '@bitcoinerlab/secp256k1'
const ECCS: Array<{ ecc: Ecc; platform: 'node' | 'browser' }> = [
  { ecc: 'tiny-secp256k1', platform: 'node' },
  { ecc: '@bitcoinerlab/secp256k1', platform: 'browser' },
]

interface Scenario {
  id: string
  title: string
  /** Packages are resolved from here (the raw @scure stack needs packages/testkit's @scure/btc-signer). */
  resolveDir: string
  splitting?: boolean
  /** Which chunks an app of this kind loads; default every chunk. */
  loads?: 'bitcoin-only'
  /** The bundle can be run offline and prints { address, psbt } (or { publicKey }). */
  runnable: boolean
  source(ecc: Ecc, psbt: string): string
}

const hexFn = `const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')`
const constants = (psbt: string) => `const MNEMONIC = ${JSON.stringify(MNEMONIC)}\nconst PATH = ${JSON.stringify(PATH)}\nconst PSBT = ${JSON.stringify(psbt)}\n`
const print = (what: string) => `console.log(JSON.stringify(${what}))`

function rawBitcoinjs(bip39: 'bip39' | '@scure/bip39') {
  return (eccName: Ecc, psbt: string) => `
${bip39 === 'bip39' ? `import { mnemonicToSeed, validateMnemonic } from 'bip39'` : `import { mnemonicToSeed, validateMnemonic } from '@scure/bip39'\nimport { wordlist } from '@scure/bip39/wordlists/english.js'`}
import { BIP32Factory } from 'bip32'
import { initEccLib, networks, payments, Psbt } from 'bitcoinjs-lib'
import * as ecc from '${eccName}'
${constants(psbt)}
initEccLib(ecc)
if (!validateMnemonic(MNEMONIC${bip39 === 'bip39' ? '' : ', wordlist'})) throw new Error('bad mnemonic')
const node = BIP32Factory(ecc).fromSeed(await mnemonicToSeed(MNEMONIC)).derivePath(PATH)
const address = payments.p2wpkh({ pubkey: node.publicKey, network: networks.bitcoin }).address
const tx = Psbt.fromBase64(PSBT, { network: networks.bitcoin })
tx.signInput(0, { publicKey: node.publicKey, sign: (hash) => node.sign(hash, true) })
if (!tx.validateSignaturesOfInput(0, (pub, hash, sig) => ecc.verify(hash, pub, sig))) throw new Error('bad signature')
${print('{ address, psbt: tx.toBase64() }')}
`
}

const SCENARIOS: Scenario[] = [
  {
    id: 'core',
    title: '1. @btc-layers/core: Keyring.fromMnemonic + derive',
    resolveDir: ROOT,
    runnable: true,
    source: (_ecc, psbt) => `
import { Keyring } from '@btc-layers/core'
${constants(psbt)}${hexFn}
const keyring = await Keyring.fromMnemonic(MNEMONIC)
${print('{ publicKey: hex(keyring.derive(PATH).publicKey) }')}
`,
  },
  {
    id: 'core+bitcoin',
    title: '2. core + bitcoin: bitcoinAdapter address() + signPsbt()',
    resolveDir: ROOT,
    runnable: true,
    source: (_ecc, psbt) => `
import { Keyring } from '@btc-layers/core'
import { bitcoinAdapter } from '@btc-layers/bitcoin'
${constants(psbt)}
const keyring = await Keyring.fromMnemonic(MNEMONIC)
const bitcoin = bitcoinAdapter({ network: 'mainnet', keyring })
const address = bitcoin.address()
const signed = await bitcoin.signPsbt(PSBT)
${print('{ address, psbt: signed.psbt }')}
`,
  },
  {
    id: 'facade-bitcoin',
    title: '3. sdk facade, bitcoin only (createWallet + address + signPsbt + parse)',
    resolveDir: ROOT,
    splitting: true,
    loads: 'bitcoin-only',
    // signPsbt syncs with the esplora backend first: not run offline.
    runnable: false,
    source: (_ecc, psbt) => `
import { createWallet } from '@btc-layers/sdk'
import { esplora } from '@btc-layers/bitcoin'
${constants(psbt)}
const wallet = await createWallet({ mnemonic: MNEMONIC, network: 'mainnet', layers: { bitcoin: { backend: esplora({ url: ${JSON.stringify(ESPLORA)} }) } } })
const address = wallet.bitcoin.address()
const signed = await wallet.bitcoin.signPsbt(PSBT)
const to = wallet.parse(${JSON.stringify(PAY_TO)})
${print('{ address, psbt: signed.psbt, to: to.address }')}
`,
  },
  {
    id: 'sdk-all',
    title: '4. whole sdk: createWallet with 3 layers + parseDestination',
    resolveDir: ROOT,
    splitting: true,
    runnable: false,
    source: (_ecc, psbt) => `
import { createWallet, parseDestination } from '@btc-layers/sdk'
import { esplora } from '@btc-layers/bitcoin'
import { lnd } from '@btc-layers/lightning'
import { jsonRpc } from '@btc-layers/rootstock'
${constants(psbt)}
const wallet = await createWallet({
  mnemonic: MNEMONIC,
  network: 'mainnet',
  layers: {
    bitcoin: { backend: esplora({ url: ${JSON.stringify(ESPLORA)} }) },
    lightning: { backend: lnd({ url: 'https://127.0.0.1:8080', macaroon: '0201' }) },
    rootstock: { backend: jsonRpc({ url: 'https://public-node.rsk.co' }) },
  },
})
const address = wallet.bitcoin.address()
const rootstock = wallet.rootstock.address()
const signed = await wallet.bitcoin.signPsbt(PSBT)
const kinds = ${JSON.stringify([PAY_TO, 'satoshi@example.com', '0x5aaEB6053f3e94c9b9a09f33669435E7ef1bEAeD'])}.map((x) => parseDestination(x, { network: 'mainnet' }).kind)
${print('{ address, rootstock, psbt: signed.psbt, kinds }')}
`,
  },
  {
    id: 'raw-bitcoinjs',
    title: '5a. raw bitcoinjs-lib + bip32 + bip39 (bitcoinjs) + ecc',
    resolveDir: ROOT,
    runnable: true,
    source: rawBitcoinjs('bip39'),
  },
  {
    id: 'raw-bitcoinjs-scure39',
    title: '5b. raw bitcoinjs-lib + bip32 + @scure/bip39 + ecc',
    resolveDir: ROOT,
    runnable: true,
    source: rawBitcoinjs('@scure/bip39'),
  },
  {
    id: 'raw-scure',
    title: '5c. raw @scure/bip39 + @scure/bip32 + @scure/btc-signer (own noble secp256k1)',
    resolveDir: join(ROOT, 'packages/testkit'),
    runnable: true,
    source: (_ecc, psbt) => `
import { mnemonicToSeed, validateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english.js'
import { HDKey } from '@scure/bip32'
import { NETWORK, p2wpkh, Transaction } from '@scure/btc-signer'
import { base64 } from '@scure/base'
${constants(psbt)}
if (!validateMnemonic(MNEMONIC, wordlist)) throw new Error('bad mnemonic')
const node = HDKey.fromMasterSeed(await mnemonicToSeed(MNEMONIC)).derive(PATH)
const address = p2wpkh(node.publicKey, NETWORK).address
const tx = Transaction.fromPSBT(base64.decode(PSBT))
tx.signIdx(node.privateKey, 0)
${print('{ address, psbt: base64.encode(tx.toPSBT()) }')}
`,
  },
]

// ---------------------------------------------------------------------------------------------
// Building and measuring.

interface Chunk {
  file: string
  entryPoint?: string
  bytes: number
  gzip: number
  counted: boolean
  why: string
}

interface Measured {
  scenario: Scenario
  ecc: Ecc
  platform: 'node' | 'browser'
  chunks: Chunk[]
  /** Minified JS of the counted chunks, gzip (level 9, per chunk) and the wasm they load. */
  js: number
  gzip: number
  wasm: number
  wasmFiles: string[]
  /** secp256k1 libraries among the counted chunks' inputs. */
  secp: string
  /** Bytes in output per input, over the counted chunks. */
  inputs: Map<string, number>
  output?: string
  runError?: string
  /** Node built-ins a browser bundle reached (left external to measure it at all). */
  nodeBuiltins: string[]
  /** …of which the counted chunks import. */
  loadedBuiltins: string[]
}

const builtinImporters = new Map<string, string[]>()

const virtualEntry = (contents: string, resolveDir: string): Plugin => ({
  name: 'virtual-entry',
  setup(b) {
    b.onResolve({ filter: /^virtual-entry:/ }, (args) => ({ path: args.path.slice('virtual-entry:'.length), namespace: 'virtual-entry' }))
    b.onLoad({ filter: /.*/, namespace: 'virtual-entry' }, () => ({ contents, resolveDir, loader: 'ts' }))
  },
})

async function measure(scenario: Scenario, choice: (typeof ECCS)[number], psbt: string, dir: string): Promise<Measured> {
  const outdir = join(dir, `${scenario.id}-${choice.platform}`)
  const entryName = `${scenario.id}.ts`
  const options: BuildOptions & { metafile: true } = {
    absWorkingDir: ROOT,
    entryPoints: { [scenario.id]: `virtual-entry:${entryName}` },
    plugins: [virtualEntry(scenario.source(choice.ecc, psbt), scenario.resolveDir)],
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: choice.platform,
    target: 'es2022',
    splitting: scenario.splitting ?? false,
    outdir,
    outExtension: { '.js': '.mjs' },
    // tiny-secp256k1's browser build imports its .wasm: kept as an asset and counted as wasm.
    loader: { '.wasm': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    logLevel: 'silent',
  }
  // A browser bundle that reaches Node built-ins (buffer, stream, …) fails as an app's bundler
  // would without polyfills: measured again with them external, and flagged.
  let nodeBuiltins: string[] = []
  let result
  try {
    result = await build(options)
  } catch (error) {
    const unresolved = [...new Set(((error as BuildFailure).errors ?? []).map((e) => /Could not resolve "([^"]+)"/.exec(e.text)?.[1]))]
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)])
    if (unresolved.length === 0 || !unresolved.every((m) => m !== undefined && builtins.has(m))) throw error
    nodeBuiltins = unresolved as string[]
    nodeBuiltins.sort()
    const importers = ((error as BuildFailure).errors ?? []).map((e) => (e.location?.file ? packageOf(e.location.file) : '?'))
    builtinImporters.set(`${scenario.id}/${choice.platform}`, [...new Set(importers)])
    result = await build({ ...options, external: nodeBuiltins })
  }
  const meta = result.metafile
  const counted = countedOutputs(meta, scenario)
  const chunks: Chunk[] = []
  const inputs = new Map<string, number>()
  const wasmFiles = new Set<string>()
  const loadedBuiltins = new Set<string>()
  for (const [file, out] of Object.entries(meta.outputs)) {
    if (file.endsWith('.map') || file.endsWith('.wasm')) continue
    const bytes = await readFile(join(ROOT, file))
    const why = counted.get(file)
    chunks.push({ file: file.slice(file.lastIndexOf('/') + 1), entryPoint: out.entryPoint, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, counted: why !== undefined, why: why ?? 'not loaded' })
    if (why === undefined) continue
    for (const imp of out.imports) if (imp.external && nodeBuiltins.includes(imp.path)) loadedBuiltins.add(imp.path)
    for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
      inputs.set(input, (inputs.get(input) ?? 0) + bytesInOutput)
      for (const wasm of wasmOf(input)) wasmFiles.add(wasm)
    }
  }
  const names = [...inputs.keys()]
  const tiny = names.some((p) => p.includes('/tiny-secp256k1/'))
  const lab = names.some((p) => p.includes('/@bitcoinerlab/secp256k1/'))
  const secp = tiny && lab ? 'both (!)' : tiny ? 'tiny-secp256k1' : lab ? '@bitcoinerlab/secp256k1' : names.some((p) => p.includes('/@noble/curves/')) ? 'noble (own)' : 'none'
  const js = chunks.filter((c) => c.counted).reduce((s, c) => s + c.bytes, 0)
  const gzip = chunks.filter((c) => c.counted).reduce((s, c) => s + c.gzip, 0)
  const wasm = [...wasmFiles].reduce((s, f) => s + statSync(f).size, 0)
  const measured: Measured = { scenario, ecc: choice.ecc, platform: choice.platform, chunks, js, gzip, wasm, wasmFiles: [...wasmFiles], secp, inputs, nodeBuiltins, loadedBuiltins: [...loadedBuiltins].sort() }
  // Run what can run offline in Node: a browser bundle with a wasm import cannot.
  if (scenario.runnable && (choice.platform === 'node' || (wasmFiles.size === 0 && nodeBuiltins.length === 0))) {
    const entry = Object.entries(meta.outputs).find(([, o]) => o.entryPoint?.endsWith(entryName))?.[0]
    // tiny-secp256k1 reads its wasm beside the module (import.meta.url): an app ships it beside the bundle.
    for (const wasm of wasmFiles) await copyFile(wasm, join(outdir, wasm.slice(wasm.lastIndexOf('/') + 1)))
    // Node ESM has no `require` for CommonJS dependencies that load Node built-ins (bip39 → node:crypto):
    // added for the run only, after measuring (an app would add it with `banner`).
    if (choice.platform === 'node') {
      const file = join(ROOT, entry as string)
      await writeFile(file, `import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);\n${await readFile(file, 'utf8')}`)
    }
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, entry as string)], { timeout: 60_000 })
      measured.output = stdout.trim()
    } catch (error) {
      const lines = String((error as { stderr?: string }).stderr ?? (error as Error).message).split('\n').filter((l) => /^\w*Error\b/.test(l))
      measured.runError = lines[0] ?? String((error as Error).message).split('\n')[0]
    }
  }
  return measured
}

/**
 * Which outputs an app loads, with the reason. Every chunk, except for a bitcoin-only app: the
 * entry chunk, its static imports (transitively) and the dynamic chunks of @btc-layers/bitcoin
 * with theirs; not the Lightning or Rootstock chunks.
 */
function countedOutputs(meta: Metafile, scenario: Scenario): Map<string, string> {
  const outputs = Object.entries(meta.outputs).filter(([file]) => !file.endsWith('.map'))
  const counted = new Map<string, string>()
  if (scenario.loads !== 'bitcoin-only') {
    for (const [file] of outputs) counted.set(file, 'loaded')
    return counted
  }
  const visit = (file: string, why: string): void => {
    if (counted.has(file)) return
    const out = meta.outputs[file]
    if (!out) return
    counted.set(file, why)
    for (const imp of out.imports) {
      if (imp.kind === 'import-statement') visit(imp.path, 'static import')
      else if (imp.kind === 'dynamic-import') {
        const target = meta.outputs[imp.path]
        if (target?.entryPoint && /packages\/bitcoin\//.test(target.entryPoint)) visit(imp.path, 'dynamic: @btc-layers/bitcoin')
      } else if (imp.kind === 'file-loader') visit(imp.path, 'asset')
    }
  }
  const entry = outputs.find(([, o]) => o.entryPoint?.startsWith('virtual-entry:'))
  if (entry) visit(entry[0], 'entry')
  return counted
}

/** The .wasm files an input is or loads by name (tiny-secp256k1's Node loader reads its wasm with fs). */
function wasmOf(input: string): string[] {
  if (input.startsWith('virtual-entry:')) return []
  const file = join(ROOT, input)
  if (input.endsWith('.wasm')) return [file]
  if (!/node_modules/.test(input) || !existsSync(file)) return []
  const text = statSync(file).size < 2_000_000 ? readFileSync(file, 'utf8') : ''
  return [...text.matchAll(/["'`](?:\.\/)?([\w.-]+\.wasm)["'`]/g)].map((m) => join(dirname(file), m[1] as string)).filter((f) => existsSync(f))
}

/** The package (with its version, so that duplicates show) an input belongs to. */
function packageOf(input: string): string {
  if (input.startsWith('virtual-entry:')) return '(entry)'
  const ours = /^packages\/([^/]+)\//.exec(input)
  if (ours) return `@btc-layers/${ours[1]}`
  const pnpm = /^node_modules\/\.pnpm\/([^/]+)\/node_modules\//.exec(input)
  if (pnpm) return (pnpm[1] as string).replace(/_.*$/, '').replace('+', '/')
  return input
}

const kib = (n: number): string => `${(n / KiB).toFixed(1)} KiB`
const shortInput = (p: string): string => p.replace(/^node_modules\/\.pnpm\/[^/]+\/node_modules\/(?:@[^/]+\/)?[^/]+\//, () => `${packageOf(p)}/`)

/** Warns when a package's dist is older than its src: the bundles measure dist. */
function checkBuilt(): boolean {
  let ok = true
  for (const pkg of ['core', 'bitcoin', 'lightning', 'rootstock', 'sdk']) {
    const dist = join(ROOT, 'packages', pkg, 'dist/index.js')
    if (!existsSync(dist)) {
      console.log(`  packages/${pkg}/dist is missing: run \`pnpm build\` first.`)
      ok = false
      continue
    }
    const newest = newestMtime(join(ROOT, 'packages', pkg, 'src'))
    if (newest > statSync(dist).mtimeMs) console.log(`  note: packages/${pkg}/src is newer than its dist; the figures are for the dist as built.`)
  }
  return ok
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

/** What a bundle printed: the public key, or the address and whether input 0 carries a valid signature (and which). */
function jobOf(output: string | undefined): { job: string; signature?: string } | undefined {
  if (!output) return undefined
  const o = JSON.parse(output) as { address?: string; psbt?: string; publicKey?: string }
  if (o.publicKey) return { job: `publicKey ${o.publicKey}` }
  const psbt = Psbt.fromBase64(o.psbt as string)
  const sig = psbt.data.inputs[0]?.partialSig?.[0]?.signature
  const valid = sig !== undefined && psbt.validateSignaturesOfInput(0, (pub, hash, s) => ecc.verify(hash, pub, s))
  return { job: `${o.address}, input 0 signed ${valid ? 'validly' : 'INVALIDLY'}`, signature: sig ? Buffer.from(sig).toString('hex') : undefined }
}

export async function benchBundle(): Promise<void> {
  console.log('\n## bundle size (esbuild 0.28, minify, ESM, tree-shaking; gzip -9 per chunk; wasm counted raw)')
  if (!checkBuilt()) return
  const job = makePsbt()
  const dir = await mkdtemp(join(tmpdir(), 'btc-layers-bundle-'))
  const started = performance.now()
  const results: Measured[] = []
  try {
    for (const scenario of SCENARIOS) {
      for (const choice of ECCS) results.push(await measure(scenario, choice, job.psbt, dir))
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  const seconds = (performance.now() - started) / 1000

  // Every runnable bundle must print what core (the public key) or core + bitcoin (address, signature) printed.
  const reference = jobOf(results.find((r) => r.scenario.id === 'core+bitcoin' && r.output)?.output)
  const notes: string[] = []
  const rows = results.map((r) => {
    const got = jobOf(r.output)
    const want = r.scenario.id === 'core' ? { job: `publicKey ${job.publicKey}` } : reference
    let same = 'not run'
    if (r.runError) {
      same = 'FAILED'
      notes.push(`  ${r.scenario.id} (${r.platform}) failed: ${r.runError.slice(0, 160)}`)
    } else if (got) {
      same = got.job !== want?.job ? 'DIFFERS' : got.signature === want.signature ? 'yes' : 'yes, other sig'
      if (same !== 'yes') notes.push(`  ${r.scenario.id} (${r.platform}): ${got.job}; signature ${got.signature ?? 'none'}`)
    }
    return {
      scenario: r.scenario.title,
      platform: r.platform,
      'secp256k1 in bundle': r.secp,
      'JS min': kib(r.js),
      'JS gzip': kib(r.gzip),
      wasm: kib(r.wasm),
      'gzip + wasm': kib(r.gzip + r.wasm),
      'same job': same,
      'Node built-ins (browser)': r.nodeBuiltins.length === 0 ? '-' : r.loadedBuiltins.length === 0 ? 'only in unloaded chunks' : r.loadedBuiltins.join(' '),
    }
  })
  console.table(rows)
  console.log(`  ${results.length} bundles built (and the offline ones run) in ${seconds.toFixed(1)} s`)
  console.log(`  job (core + bitcoin): ${reference ? `${reference.job}; signature ${reference.signature}` : `address ${job.address} (not run)`}`)
  for (const line of notes) console.log(line)
  const wasmFiles = new Set(results.flatMap((r) => r.wasmFiles))
  for (const f of wasmFiles) {
    const bytes = readFileSync(f)
    console.log(`  wasm counted: ${shortInput(f.slice(ROOT.length))} = ${bytes.length} bytes (${kib(bytes.length)}; ${kib(gzipSync(bytes, { level: 9 }).length)} if served gzip -9)`)
  }
  for (const r of results.filter((x) => x.output === undefined && x.scenario.runnable && !x.runError)) {
    console.log(`  not run: ${r.scenario.id} (${r.platform}): ${r.nodeBuiltins.length ? 'needs Node built-ins' : 'the bundle imports a .wasm asset, which Node cannot load as a module'}`)
  }
  for (const [which, importers] of builtinImporters) {
    console.log(`  ${which}: the build fails without Node polyfills for ${results.find((r) => `${r.scenario.id}/${r.platform}` === which)?.nodeBuiltins.join(', ')}, required by ${importers.join(', ')}; measured with them external (so without polyfills)`)
  }


  console.log('\n### bitcoin-only facade / raw stack (gzip + wasm; JS gzip alone in brackets; target ≤ 1.25×)')
  const get = (id: string, ecc: Ecc) => results.find((r) => r.scenario.id === id && r.ecc === ecc) as Measured
  for (const { ecc: e, platform } of ECCS) {
    const facade = get('facade-bitcoin', e)
    for (const raw of ['raw-bitcoinjs', 'raw-bitcoinjs-scure39', 'raw-scure']) {
      const r = get(raw, e)
      const total = (facade.gzip + facade.wasm) / (r.gzip + r.wasm)
      console.log(
        `  ${platform} (${facade.secp} / ${r.secp}): facade ${kib(facade.gzip + facade.wasm)} vs ${raw} ${kib(r.gzip + r.wasm)}: ${total.toFixed(2)}× (JS ${(facade.gzip / r.gzip).toFixed(2)}×)${raw === 'raw-scure' ? '' : total <= 1.25 ? ' ok' : ' OVER'}`,
      )
    }
  }

  for (const { ecc: e, platform } of ECCS) {
    const facade = get('facade-bitcoin', e)
    console.log(`\n### bitcoin-only facade chunks (${platform}): counted ${kib(facade.js)} min / ${kib(facade.gzip)} gzip; all chunks ${kib(facade.chunks.reduce((s, c) => s + c.bytes, 0))} min / ${kib(facade.chunks.reduce((s, c) => s + c.gzip, 0))} gzip`)
    console.table(facade.chunks.map((c) => ({ chunk: c.file, entryPoint: c.entryPoint ? shortInput(c.entryPoint) : '', min: kib(c.bytes), gzip: kib(c.gzip), counted: c.why })))
    const top = [...facade.inputs.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10)
    console.log(`  top 10 inputs by minified bytes in the loaded chunks (${platform})`)
    console.table(top.map(([input, bytes]) => ({ input: shortInput(input), bytes, share: `${((100 * bytes) / facade.js).toFixed(1)}%` })))
    const byPackage = new Map<string, number>()
    for (const [input, bytes] of facade.inputs) byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytes)
    console.log(`  by package (${platform})`)
    console.table([...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([pkg, bytes]) => ({ package: pkg, bytes, share: `${((100 * bytes) / facade.js).toFixed(1)}%` })))
  }
}

// ---------------------------------------------------------------------------------------------
// parseDestination throughput (built dist) beside the raw library doing the nearest job.

// BOLT11 spec vector ("Please send $5 for a cup of coffee … within one minute", with payment secret).
const INVOICE =
  'lnbc2500u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpu9qrsgquk0rl77nj30yxdy8j9vdx85fkpmdla2087ne0xh8nhedh8w27kyke0lp53ut353s06fv3qfegext0eh0ymjpf39tuven09sam30g4vgpfna3rh'
const BIP21 = `bitcoin:${PAY_TO}?amount=0.0025&label=coffee&lightning=${INVOICE}`
// EIP-1191 vector for Rootstock mainnet (chain 30).
const RSK = '0x5aaEB6053f3e94c9b9a09f33669435E7ef1bEAeD'
const LN_ADDRESS = 'satoshi@example.com'

export async function benchParse(): Promise<void> {
  const { parseDestination } = await import('@btc-layers/sdk')
  // bolt11 is a dependency of @btc-layers/lightning, not of the root.
  const bolt11 = createRequire(join(ROOT, 'packages/lightning/package.json'))('bolt11') as { decode(invoice: string): { complete: boolean; satoshis?: number | null } }
  const mainnet = { network: 'mainnet' as const }
  const kinds = [PAY_TO, BIP21, INVOICE, RSK, LN_ADDRESS].map((x) => parseDestination(x, mainnet).kind).join(', ')
  const rawOk = [
    btcAddress.toOutputScript(PAY_TO, networks.bitcoin).length === 22,
    bolt11.decode(INVOICE).complete,
    isAddress(RSK, { strict: false }) && getAddress(RSK, 30) === RSK,
  ]
  const bip21Raw = (): unknown => {
    const url = new URL(BIP21)
    btcAddress.toOutputScript(url.pathname, networks.bitcoin)
    return bolt11.decode(url.searchParams.get('lightning') as string)
  }
  bip21Raw()
  const bench = new Bench({ name: `parseDestination (mainnet, built dist) vs raw libraries (kinds: ${kinds}; raw checks ${rawOk.join('/')})`, time: 1000 })
  bench
    .add('parseDestination: BIP84 address', () => parseDestination(PAY_TO, mainnet))
    .add('bitcoinjs-lib address.toOutputScript', () => btcAddress.toOutputScript(PAY_TO, networks.bitcoin))
    .add('parseDestination: BIP21 with lightning=', () => parseDestination(BIP21, mainnet))
    .add('URL + toOutputScript + bolt11.decode', bip21Raw)
    .add('parseDestination: BOLT11 invoice', () => parseDestination(INVOICE, mainnet))
    .add('bolt11.decode', () => bolt11.decode(INVOICE))
    .add('parseDestination: 0x address (EIP-1191)', () => parseDestination(RSK, mainnet))
    .add('viem isAddress + getAddress(addr, 30)', () => isAddress(RSK, { strict: false }) && getAddress(RSK, 30) === RSK)
    .add('parseDestination: Lightning address', () => parseDestination(LN_ADDRESS, mainnet))
  await bench.run()
  printResults(bench)
  ratio(bench, 'parseDestination: BIP84 address', 'bitcoinjs-lib address.toOutputScript')
  ratio(bench, 'parseDestination: BIP21 with lightning=', 'URL + toOutputScript + bolt11.decode')
  ratio(bench, 'parseDestination: BOLT11 invoice', 'bolt11.decode')
  ratio(bench, 'parseDestination: 0x address (EIP-1191)', 'viem isAddress + getAddress(addr, 30)')

  // viem keeps isAddress and getAddress answers in 8,192-entry LRU caches: one repeated address
  // measures the cache. 10,000 distinct addresses in turn miss it every time (checksummed by viem
  // first). Made and run after the tasks above, whose caches this empties.
  const many = Array.from({ length: 10_000 }, (_, i) => getAddress(`0x${createHash('sha256').update(String(i)).digest('hex').slice(0, 40)}`, 30))
  let next = 0
  const rotate = (): string => many[(next = (next + 1) % many.length)] as string
  const distinct = new Bench({ name: '0x addresses: 10,000 distinct in turn (misses viem\'s LRU caches)', time: 1000 })
  distinct
    .add('parseDestination: 10,000 distinct 0x addresses', () => parseDestination(rotate(), mainnet))
    .add('viem isAddress + getAddress: 10,000 distinct', () => {
      const a = rotate()
      return isAddress(a, { strict: false }) && getAddress(a, 30) === a
    })
  await distinct.run()
  printResults(distinct)
  ratio(distinct, 'parseDestination: 10,000 distinct 0x addresses', 'viem isAddress + getAddress: 10,000 distinct')
}
