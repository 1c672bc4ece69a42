// Builds the example with Vite, serves dist/, opens it in headless Chromium and checks the page:
// the BIP84 mainnet vector address, and a PSBT signature byte-identical to the one the SDK makes
// in Node for the same PSBT (RFC6979 ECDSA is deterministic; the page signs with the pure-JS
// secp256k1, Node with tiny-secp256k1). Prints the bundle's sizes and whether wasm got in.
// Run: node examples/browser/test/browser.test.mjs   (after building packages/*)
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { bitcoinAdapter } from '@btc-layers/bitcoin'
import { Keyring } from '@btc-layers/core'
import { chromium } from 'playwright-core'

const root = fileURLToPath(new URL('..', import.meta.url))
const dist = join(root, 'dist')
const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'
const BIP84_FIRST_MAINNET = 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu' // bitcoin/bips bip-0084, "first receiving address"

const failures = []
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`)
  if (!ok) failures.push(what)
}

function build() {
  const started = Date.now()
  const vite = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url))
  // Source maps only so that we can list which modules ended up in the bundle.
  const result = spawnSync(process.execPath, [vite, 'build', '--sourcemap', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) throw new Error(`vite build exited with ${result.status ?? result.signal}`)
  console.log(`vite build: ${Date.now() - started} ms`)
}

/** gzip size and bundled modules of every file in dist/assets, for the per-page checks. */
const assetInfo = new Map()

function inspectBundle() {
  const assets = join(dist, 'assets')
  const files = readdirSync(assets)
  const sources = new Set()
  let raw = 0
  let gzip = 0
  console.log('bundle (dist/assets):')
  for (const name of files.filter((f) => /\.(m?js|wasm)$/.test(f)).sort()) {
    const bytes = readFileSync(join(assets, name))
    const gz = gzipSync(bytes, { level: 9 }).length
    raw += bytes.length
    gzip += gz
    console.log(`  ${name.padEnd(32)} ${kib(bytes.length).padStart(10)} raw ${kib(gz).padStart(10)} gzip`)
    const map = join(assets, `${name}.map`)
    if (name.endsWith('.js') && files.includes(`${name}.map`)) {
      const own = JSON.parse(readFileSync(map, 'utf8')).sources ?? []
      for (const s of own) sources.add(s)
      assetInfo.set(name, { gzip: gz, sources: own })
    }
  }
  console.log(`  ${'total'.padEnd(32)} ${kib(raw).padStart(10)} raw ${kib(gzip).padStart(10)} gzip`)
  const wasm = files.filter((f) => f.endsWith('.wasm'))
  const tiny = [...sources].filter((s) => s.includes('tiny-secp256k1'))
  const pureJs = [...sources].some((s) => s.includes('@bitcoinerlab/secp256k1') || s.includes('@bitcoinerlab+secp256k1'))
  console.log(`  modules: ${sources.size}; tiny-secp256k1: ${tiny.length ? 'YES' : 'no'}; wasm files: ${wasm.length ? wasm.join(', ') : 'none'}; @bitcoinerlab/secp256k1: ${pureJs ? 'yes' : 'no'}`)
  check(sources.size > 0, 'source maps list the bundled modules')
  check(tiny.length === 0 && wasm.length === 0, 'no tiny-secp256k1 and no wasm in the browser bundle')
  check(pureJs, 'the pure-JS secp256k1 is in the browser bundle')
  check([...sources].some(isOtherLayer), 'the Lightning and Rootstock code is in the build (in chunks of its own)')
}

/** Modules of layers a bitcoin-only wallet must never load. */
const isOtherLayer = (s) => /packages\/(lightning|rootstock)\/|\/(bolt11|viem)@|node_modules\/(bolt11|viem)\//.test(s)

/** Opens `path`, collects the JS it requests and any error; resolves when the page says done. */
async function openPage(path) {
  const page = await browser.newPage()
  const errors = []
  const scripts = []
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()} (${msg.location().url})`)
  })
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`))
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`))
  page.on('request', (r) => {
    const name = new URL(r.url()).pathname.split('/').pop()
    if (name?.endsWith('.js')) scripts.push(name)
  })
  await page.goto(`${base}${path}`)
  await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent !== 'running…', null, { timeout: 60_000 })
  const text = async (id) => (await page.textContent(`[data-testid="${id}"]`))?.trim() ?? ''
  const loaded = [...new Set(scripts)]
  const gzip = loaded.reduce((sum, f) => sum + (assetInfo.get(f)?.gzip ?? 0), 0)
  console.log(`${path || "index.html"}: ${await text('status')} in ${await text('elapsed-ms')} ms; loaded ${loaded.length} scripts, ${kib(gzip)} gzip`)
  return { page, errors, loaded, text }
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`

const types = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json', '.wasm': 'application/wasm', '.css': 'text/css' }

/** A static file server for dist/ on an ephemeral local port. */
async function serve() {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    const file = normalize(join(dist, path === '/' ? 'index.html' : decodeURIComponent(path)))
    if (!file.startsWith(dist + sep) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (!existsSync(CHROMIUM)) {
  // A developer machine without Chromium skips; CI (which installs it) must not.
  const message = `no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`
  if (process.env.CI) {
    console.error(`FAIL ${message}`)
    process.exit(1)
  }
  console.log(`SKIPPED browser example test: ${message}`)
  process.exit(0)
}

let server
let browser
let base
try {
  build()
  inspectBundle()
  server = await serve()
  base = `http://127.0.0.1:${server.address().port}/`
  const launched = Date.now()
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  const { errors: pageErrors, text } = await openPage('')
  const status = await text('status')
  console.log(`browser ${browser.version()}: page ${status} in ${await text('elapsed-ms')} ms (${Date.now() - launched} ms from launch)`)
  check(status === 'done', `the page finished (status: ${status})`)
  check(pageErrors.length === 0, `no console errors${pageErrors.length ? `: ${pageErrors.join(' | ')}` : ''}`)

  const shown = {
    mainnet: await text('address-mainnet'),
    regtest: await text('address-regtest'),
    unsigned: await text('psbt-unsigned'),
    signed: await text('psbt-signed'),
    signature: await text('signature'),
    txHex: await text('tx-hex'),
    inputs: await text('signed-inputs'),
  }
  check(shown.mainnet === BIP84_FIRST_MAINNET, `mainnet address is the BIP84 vector (${shown.mainnet})`)

  // The same PSBT signed in Node by the SDK's built packages (tiny-secp256k1 there).
  const keyring = await Keyring.fromMnemonic(MNEMONIC)
  const node = bitcoinAdapter({ network: 'regtest', keyring })
  check(shown.regtest === node.address(), `regtest address matches Node's (${shown.regtest})`)
  const expected = await node.signPsbt(shown.unsigned, { trustWitnessUtxo: true, finalize: true })
  check(shown.inputs === JSON.stringify(expected.signed) && expected.signed.length === 1, `signed inputs ${shown.inputs}`)
  check(shown.signed === expected.psbt, 'signed PSBT is byte-identical to the one signed in Node')
  const expectedHex = Buffer.from(expected.psbt, 'base64').toString('hex')
  check(/^30[0-9a-f]+01$/.test(shown.signature) && expectedHex.includes(shown.signature), `signature ${shown.signature.slice(0, 16)}… (DER, SIGHASH_ALL) is Node's`)
  check(shown.txHex.includes(shown.signature) && shown.txHex.startsWith('020000000001'), `transaction hex (${shown.txHex.length / 2} bytes) carries the signature`)

  // The facade with the bitcoin layer only: it works, and never requests Lightning or Rootstock code.
  const facade = await openPage('facade.html')
  check((await facade.text('status')) === 'done', `facade page finished (${await facade.text('status')})`)
  check(facade.errors.length === 0, `facade page: no console errors${facade.errors.length ? `: ${facade.errors.join(' | ')}` : ''}`)
  check((await facade.text('wallet')) === 'Wallet(mainnet: bitcoin)', `facade: ${await facade.text('wallet')}`)
  check((await facade.text('address')) === BIP84_FIRST_MAINNET, 'facade: wallet.bitcoin.address() is the BIP84 vector')
  check((await facade.text('parsed')) === 'bitcoin bip21 0.00100000 BTC Coffee', `facade: wallet.parse(BIP21) → ${await facade.text('parsed')}`)
  check((await facade.text('refused')) === 'UNSUPPORTED_INPUT', `facade: a 0x address → ${await facade.text('refused')}`)
  check((await facade.text('no-backend')) === 'NO_BACKEND', `facade: balance() without a backend → ${await facade.text('no-backend')}`)
  const leaked = facade.loaded.flatMap((f) => (assetInfo.get(f)?.sources ?? []).filter(isOtherLayer))
  check(leaked.length === 0, `facade: no Lightning/Rootstock module loaded${leaked.length ? `: ${leaked.slice(0, 5).join(', ')}` : ''}`)
} catch (e) {
  failures.push(String(e?.stack ?? e))
  console.error(e)
} finally {
  await browser?.close().catch(() => {})
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()))
}

if (failures.length > 0) {
  console.error(`\n${failures.length} failed`)
  process.exitCode = 1
} else {
  console.log('\nall checks passed')
}
