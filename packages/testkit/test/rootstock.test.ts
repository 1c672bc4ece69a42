import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { Amount, assets } from '@btc-layers/core'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { afterAll, describe, expect, it } from 'vitest'
import { type LocalRootstock, startLocalNetwork, startRootstockNode } from '../src/index.js'
import { anvilWrapperCommand, freePort, isAddressInUse, liveAnvilCount, resolveAnvilCommand, spawnAnvil } from '../src/rootstock/anvil.js'

// ---------------------------------------------------------------------------------------------
// Helpers: JSON-RPC over fetch, and a minimal RLP + secp256k1 signer to build raw transactions
// without viem (the testkit does not depend on it).

async function rpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await res.json()) as { result?: T; error?: { code: number; message: string } }
  if (body.error) throw new Error(`${method}: ${body.error.message} (${body.error.code})`)
  return body.result as T
}

/** Signal 0 reaches the pid (a zombie, exited but not yet reaped by its new parent, counts as gone). */
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false
    throw error
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return true // no /proc (macOS): trust kill(0)
  }
}

const waitUntil = async (check: () => boolean, ms: number) => {
  const deadline = Date.now() + ms
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25))
  return check()
}

const waitUntilAsync = async (check: () => Promise<boolean>, ms: number) => {
  const deadline = Date.now() + ms
  while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25))
  return check()
}

/** Automine mines right after eth_sendRawTransaction answers, not before: poll for the receipt. */
async function receiptOf(url: string, hash: string, ms = 5000): Promise<Record<string, string> | null> {
  const deadline = Date.now() + ms
  for (;;) {
    const receipt = await rpc<Record<string, string> | null>(url, 'eth_getTransactionReceipt', [hash])
    if (receipt || Date.now() > deadline) return receipt
    await new Promise((r) => setTimeout(r, 25))
  }
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const fromHex = (h: string) => Uint8Array.from(Buffer.from(h.replace(/^0x/, ''), 'hex'))
const concat = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts))

type Rlp = Uint8Array | bigint | Rlp[]
/** Big-endian, no leading zeros; 0 is empty (RLP's integer form). */
const intBytes = (n: bigint) => (n === 0n ? new Uint8Array() : fromHex(n.toString(16).padStart(Math.ceil(n.toString(16).length / 2) * 2, '0')))
function rlp(item: Rlp): Uint8Array {
  const prefix = (n: number, offset: number) =>
    n <= 55 ? Uint8Array.of(offset + n) : concat(Uint8Array.of(offset + 55 + intBytes(BigInt(n)).length), intBytes(BigInt(n)))
  if (Array.isArray(item)) {
    const body = concat(...item.map(rlp))
    return concat(prefix(body.length, 0xc0), body)
  }
  const bytes = typeof item === 'bigint' ? intBytes(item) : item
  if (bytes.length === 1 && (bytes[0] ?? 0) < 0x80) return bytes
  return concat(prefix(bytes.length, 0x80), bytes)
}

function sign(hash: Uint8Array, key: Uint8Array) {
  const sig = secp256k1.Signature.fromBytes(secp256k1.sign(hash, key, { prehash: false, format: 'recovered' }), 'recovered')
  return { r: sig.r, s: sig.s, recovery: BigInt(sig.recovery ?? 0) }
}

function addressOf(key: Uint8Array): string {
  return `0x${hex(keccak_256(secp256k1.getPublicKey(key, false).subarray(1)).subarray(12))}`
}

interface TxFields {
  nonce: bigint
  to: string
  value: bigint
  gas: bigint
  chainId: bigint
}

/** EIP-155 legacy (type 0) transaction. */
function signLegacy(key: Uint8Array, tx: TxFields & { gasPrice: bigint }): string {
  const base: Rlp[] = [tx.nonce, tx.gasPrice, tx.gas, fromHex(tx.to), tx.value, new Uint8Array()]
  const { r, s, recovery } = sign(keccak_256(rlp([...base, tx.chainId, 0n, 0n])), key)
  return `0x${hex(rlp([...base, recovery + tx.chainId * 2n + 35n, r, s]))}`
}

/** EIP-1559 (type 2) transaction. */
function signType2(key: Uint8Array, tx: TxFields & { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }): string {
  const fields: Rlp[] = [tx.chainId, tx.nonce, tx.maxPriorityFeePerGas, tx.maxFeePerGas, tx.gas, fromHex(tx.to), tx.value, new Uint8Array(), []]
  const { r, s, recovery } = sign(keccak_256(concat(Uint8Array.of(2), rlp(fields))), key)
  return `0x02${hex(rlp([...fields, recovery, r, s]))}`
}

const randomAddress = () => `0x${randomBytes(20).toString('hex')}`

// ---------------------------------------------------------------------------------------------

describe('startRootstockNode', () => {
  let shared: LocalRootstock | undefined
  const node = async () => (shared ??= await startRootstockNode())
  afterAll(async () => {
    await shared?.stop()
  })

  it('starts anvil with chain id 33 and the Rootstock-like gas price, and stops it for real', async () => {
    const rsk = await startRootstockNode()
    expect(rsk.name).toBe('rootstock')
    expect(rsk.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(rsk.chainId).toBe(33)
    expect(rsk.minimumGasPrice).toBe(60_000_000n)
    expect(isAlive(rsk.pid)).toBe(true)
    expect(await rpc(rsk.rpcUrl, 'eth_chainId')).toBe('0x21')
    expect(await rpc(rsk.rpcUrl, 'net_version')).toBe('33')
    expect(BigInt(await rpc<string>(rsk.rpcUrl, 'eth_gasPrice'))).toBe(60_000_000n)
    expect(liveAnvilCount().handlersInstalled).toBe(true)

    await rsk.stop()
    expect(() => process.kill(rsk.pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }))
    await rsk.stop() // idempotent
    await expect(rpc(rsk.rpcUrl, 'eth_chainId')).rejects.toThrow()
  })

  it('takes chain id 31 (testnet) and a custom gas price; refuses other chain ids', async () => {
    const rsk = await startRootstockNode({ chainId: 31, minimumGasPrice: 65_164_000n })
    try {
      expect(rsk.chainId).toBe(31)
      expect(await rpc(rsk.rpcUrl, 'eth_chainId')).toBe('0x1f')
      expect(BigInt(await rpc<string>(rsk.rpcUrl, 'eth_gasPrice'))).toBe(65_164_000n)
    } finally {
      await rsk.stop()
    }
    await expect(startRootstockNode({ chainId: 1 as 33 })).rejects.toThrow(/30, 31 or 33/)
    await expect(startRootstockNode({ minimumGasPrice: -1n })).rejects.toThrow(/non-negative/)
  })

  it('fund() makes a real legacy transfer: the exact amount lands on a fresh address', async () => {
    const rsk = await node()
    const to = randomAddress()
    const amount = Amount.parse('0.123456789012345678', assets.RBTC)
    const hash = await rsk.fund(to, amount)
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/)
    expect(BigInt(await rpc<string>(rsk.rpcUrl, 'eth_getBalance', [to, 'latest']))).toBe(123_456_789_012_345_678n)

    const tx = await rpc<Record<string, string>>(rsk.rpcUrl, 'eth_getTransactionByHash', [hash])
    expect(tx).toMatchObject({ type: '0x0', from: rsk.faucetAddress, to, chainId: '0x21' })
    expect(BigInt(tx.gasPrice ?? '0')).toBe(rsk.minimumGasPrice)
    const receipt = await rpc<Record<string, string>>(rsk.rpcUrl, 'eth_getTransactionReceipt', [hash])
    expect(receipt.status).toBe('0x1')

    // wei as bigint; concurrent calls; an EIP-1191 (mixed-case) address is accepted
    const others = [randomAddress(), randomAddress()]
    await Promise.all([rsk.fund(others[0]!, 1n), rsk.fund(others[1]!.toUpperCase().replace('0X', '0x'), 10n ** 18n)])
    expect(BigInt(await rpc<string>(rsk.rpcUrl, 'eth_getBalance', [others[0], 'latest']))).toBe(1n)
    expect(BigInt(await rpc<string>(rsk.rpcUrl, 'eth_getBalance', [others[1], 'latest']))).toBe(10n ** 18n)
  })

  it('fund() refuses other assets, non-positive amounts and malformed addresses', async () => {
    const rsk = await node()
    await expect(rsk.fund(randomAddress(), Amount.parse('0.1', assets.BTC))).rejects.toThrow(/takes RBTC, not BTC/)
    await expect(rsk.fund(randomAddress(), 0n)).rejects.toThrow(/positive/)
    await expect(rsk.fund('0x1234', 1n)).rejects.toThrow(/20-byte hex address/)
    await expect(rsk.fund(randomAddress(), 10n ** 30n)).rejects.toThrow(/refused by the node/)
  })

  it('mine(n) adds n blocks', async () => {
    const rsk = await node()
    const before = BigInt(await rpc<string>(rsk.rpcUrl, 'eth_blockNumber'))
    await rsk.mine(3)
    await rsk.mine()
    expect(BigInt(await rpc<string>(rsk.rpcUrl, 'eth_blockNumber'))).toBe(before + 4n)
    await expect(rsk.mine(-1)).rejects.toThrow(/non-negative/)
  })

  it('is legacy-only: no baseFeePerGas, a signed type-2 tx is refused, a legacy EIP-155 one mined, a wrong-chain one dropped', async () => {
    const rsk = await node()
    const block = await rpc<Record<string, unknown>>(rsk.rpcUrl, 'eth_getBlockByNumber', ['latest', false])
    expect(block).not.toHaveProperty('baseFeePerGas')
    expect(block).not.toHaveProperty('minimumGasPrice') // not modelled (see the README)

    const key = secp256k1.utils.randomSecretKey()
    const from = addressOf(key)
    await rsk.fund(from, Amount.parse('1', assets.RBTC))
    const to = randomAddress()
    const common = { to, value: 1000n, gas: 21_000n, chainId: 33n }

    const type2 = signType2(key, { ...common, nonce: 0n, maxFeePerGas: 10n ** 9n, maxPriorityFeePerGas: 10n ** 8n })
    await expect(rpc(rsk.rpcUrl, 'eth_sendRawTransaction', [type2])).rejects.toThrow(/EIP-1559 style fee params .* not supported by the current hardfork/s)
    // eth_sendTransaction with 1559 fee fields is refused the same way
    await expect(
      rpc(rsk.rpcUrl, 'eth_sendTransaction', [{ from: rsk.faucetAddress, to, value: '0x1', maxFeePerGas: '0x3b9aca00', maxPriorityFeePerGas: '0x1' }]),
    ).rejects.toThrow(/EIP-1559/)

    // EIP-155 chain id: anvil does NOT refuse a tx signed for chain 31 on a chain-33 node; it answers
    // a hash, then silently drops the tx when building the block (documented in the README).
    const wrongChain = signLegacy(key, { ...common, chainId: 31n, nonce: 0n, gasPrice: rsk.minimumGasPrice })
    const dropped = await rpc<string>(rsk.rpcUrl, 'eth_sendRawTransaction', [wrongChain])
    await rsk.mine(1)
    expect(await receiptOf(rsk.rpcUrl, dropped, 500)).toBeNull()
    expect(await rpc(rsk.rpcUrl, 'eth_getTransactionCount', [from, 'pending'])).toBe('0x0')

    const legacy = signLegacy(key, { ...common, nonce: 0n, gasPrice: rsk.minimumGasPrice })
    const hash = await rpc<string>(rsk.rpcUrl, 'eth_sendRawTransaction', [legacy])
    expect(hash).toBe(`0x${hex(keccak_256(fromHex(legacy)))}`)
    expect(await receiptOf(rsk.rpcUrl, hash)).toMatchObject({ status: '0x1', type: '0x0' })
    expect(BigInt(await rpc<string>(rsk.rpcUrl, 'eth_getBalance', [to, 'latest']))).toBe(1000n)
  })

  it('does NOT enforce the minimum gas price (documented): 1-wei and 0-wei legacy txs are mined', async () => {
    const rsk = await node()
    const key = secp256k1.utils.randomSecretKey()
    await rsk.fund(addressOf(key), 10n ** 16n)
    const raw = signLegacy(key, { nonce: 0n, to: randomAddress(), value: 1n, gas: 21_000n, chainId: 33n, gasPrice: 1n })
    const hash = await rpc<string>(rsk.rpcUrl, 'eth_sendRawTransaction', [raw])
    expect(await receiptOf(rsk.rpcUrl, hash)).toMatchObject({ status: '0x1', effectiveGasPrice: '0x1' })
    const free = signLegacy(key, { nonce: 1n, to: randomAddress(), value: 1n, gas: 21_000n, chainId: 33n, gasPrice: 0n })
    const freeHash = await rpc<string>(rsk.rpcUrl, 'eth_sendRawTransaction', [free])
    expect(await receiptOf(rsk.rpcUrl, freeHash)).toMatchObject({ status: '0x1', effectiveGasPrice: '0x0' })
  })

  it('has no Bridge precompile: a transfer to 0x…01000006 is a plain transfer; no fee field → EIP-1559 refusal', async () => {
    const rsk = await node()
    const bridge = '0x0000000000000000000000000000000001000006'
    expect(await rpc(rsk.rpcUrl, 'eth_getCode', [bridge, 'latest'])).toBe('0x')
    const hash = await rsk.fund(bridge, 10n ** 16n)
    expect(await receiptOf(rsk.rpcUrl, hash)).toMatchObject({ status: '0x1', gasUsed: '0x5208' })
    // eth_sendTransaction with no fee field: anvil fills EIP-1559 fields itself, then refuses them.
    await expect(rpc(rsk.rpcUrl, 'eth_sendTransaction', [{ from: rsk.faucetAddress, to: randomAddress(), value: '0x1' }])).rejects.toThrow(
      /EIP-1559 style fee params/,
    )
  })

  it('runs several nodes side by side on different ports', async () => {
    const [a, b] = await Promise.all([startRootstockNode(), startRootstockNode({ chainId: 31 })])
    try {
      expect(a.rpcUrl).not.toBe(b.rpcUrl)
      expect(a.pid).not.toBe(b.pid)
      expect(await rpc(a.rpcUrl, 'eth_chainId')).toBe('0x21')
      expect(await rpc(b.rpcUrl, 'eth_chainId')).toBe('0x1f')
    } finally {
      await Promise.all([a.stop(), b.stop()])
    }
    expect(isAlive(a.pid) || isAlive(b.pid)).toBe(false)
  })
})

describe('startLocalNetwork with rootstock', () => {
  it('starts bitcoin and rootstock together; stop() ends anvil', async () => {
    const net = await startLocalNetwork()
    const { pid } = net.rootstock
    try {
      expect(net.services).toEqual(expect.arrayContaining(['bitcoin', 'rootstock']))
      expect(await rpc(net.rootstock.rpcUrl, 'eth_chainId')).toBe('0x21')
      const to = randomAddress()
      await net.rootstock.fund(to, Amount.parse('0.01', assets.RBTC))
      expect(BigInt(await rpc<string>(net.rootstock.rpcUrl, 'eth_getBalance', [to, 'latest']))).toBe(10n ** 16n)
      expect((await fetch(`${net.bitcoin.esploraUrl}/blocks/tip/height`)).ok).toBe(true)
    } finally {
      await net.stop()
    }
    expect(isAlive(pid)).toBe(false)
  })

  it('skips rootstock with { rootstock: false } and passes options through', async () => {
    const net = await startLocalNetwork({ rootstock: false, lightning: false })
    try {
      expect(net.services).toEqual(['bitcoin'])
      expect(() => Reflect.get(net, 'rootstock')).toThrow(/rootstock was not started/)
    } finally {
      await net.stop()
    }
    const net31 = await startLocalNetwork({ rootstock: { chainId: 31 } })
    try {
      expect(await rpc(net31.rootstock.rpcUrl, 'eth_chainId')).toBe('0x1f')
    } finally {
      await net31.stop()
    }
  })
})

describe('anvil process hygiene', () => {
  it('the watchdog goes with anvil, and the exit/signal handlers are removed after the last stop', async () => {
    const anvil = await spawnAnvil(['--port', '0', '--quiet'])
    const watchdogPid = anvil.watchdogPid
    expect(watchdogPid).toBeTypeOf('number')
    expect(isAlive(anvil.pid) && isAlive(watchdogPid!)).toBe(true)
    expect(liveAnvilCount().handlersInstalled).toBe(true)
    await anvil.stop()
    expect(isAlive(anvil.pid)).toBe(false)
    expect(await waitUntil(() => !isAlive(watchdogPid!), 2000)).toBe(true)
    expect(liveAnvilCount()).toEqual({ processes: 0, handlersInstalled: false })
  })

  it('resolves the native binary; the npm wrapper fallback also starts and stops', async () => {
    const native = resolveAnvilCommand()
    expect(native.native).toBe(true)
    expect(native.file).toMatch(/@foundry-rs[\\/]anvil-[a-z0-9]+-[a-z0-9]+[\\/]bin[\\/]anvil(\.exe)?$/)

    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    const wrapped = await spawnAnvil(['--port', String(port), '--chain-id', '31', '--quiet'], { command: anvilWrapperCommand() })
    try {
      expect(await waitUntilAsync(async () => (await rpc(url, 'eth_chainId').catch(() => null)) === '0x1f', 10_000)).toBe(true)
    } finally {
      await wrapped.stop() // SIGTERM to the wrapper, which forwards it to anvil
    }
    expect(isAlive(wrapped.pid)).toBe(false)
    expect(await waitUntilAsync(async () => (await rpc(url, 'eth_chainId').catch(() => null)) === null, 3000)).toBe(true)
  })

  it("recognises anvil's 'address in use' exit (the port race start() retries on)", async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      const anvil = await spawnAnvil(['--host', '127.0.0.1', '--port', String(port), '--quiet'])
      const exit = await anvil.exited
      expect(exit.code).not.toBe(0)
      expect(isAddressInUse(anvil.stderrTail())).toBe(true)
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
  })

  it('a start that times out says so, with the command line, and leaves no process', async () => {
    const before = liveAnvilCount().processes
    await expect(startRootstockNode({ startTimeoutMs: 1 })).rejects.toThrow(/did not answer eth_chainId on http:\/\/127\.0\.0\.1:\d+ within 1 ms \(.*--hardfork berlin/)
    expect(liveAnvilCount().processes).toBe(before)
  })

  // A Node process that starts anvil, prints the pid, then is ended in three ways.
  const anvilModule = fileURLToPath(new URL('../src/rootstock/anvil.ts', import.meta.url))
  const childScript = (then: string, watchdog: boolean) => `
    import { spawnAnvil } from ${JSON.stringify(anvilModule)}
    const anvil = await spawnAnvil(['--port', '0', '--quiet'], { watchdog: ${watchdog} })
    process.stdout.write(JSON.stringify({ pid: anvil.pid }) + '\\n')
    ${then}`

  async function runChild(then: string, end: (child: ReturnType<typeof spawn>) => void, watchdog = true) {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', childScript(then, watchdog)], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    const pid = await new Promise<number>((resolve, reject) => {
      let out = ''
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString()
        const line = out.split('\n')[0]
        if (out.includes('\n') && line) resolve((JSON.parse(line) as { pid: number }).pid)
      })
      child.once('exit', (code) => reject(new Error(`child exited early (${code}): ${stderr}`)))
    })
    expect(isAlive(pid)).toBe(true)
    end(child)
    await exited
    return pid
  }

  it('kills anvil when the Node parent is SIGKILLed (watchdog)', async () => {
    const pid = await runChild('setInterval(() => {}, 1000)', (child) => child.kill('SIGKILL'))
    expect(await waitUntil(() => !isAlive(pid), 3000)).toBe(true)
  })

  // The next two run without the watchdog, so they prove the handlers on their own.
  it('kills anvil when the Node parent gets SIGTERM, and the parent still terminates', async () => {
    const pid = await runChild('setInterval(() => {}, 1000)', (child) => child.kill('SIGTERM'), false)
    expect(await waitUntil(() => !isAlive(pid), 3000)).toBe(true)
  })

  it('kills anvil when the Node parent calls process.exit()', async () => {
    const pid = await runChild("process.stdin.once('data', () => process.exit(0))", (child) => child.stdin?.write('exit\n'), false)
    expect(await waitUntil(() => !isAlive(pid), 3000)).toBe(true)
  })
})
