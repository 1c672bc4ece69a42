import { Amount, assets, generateMnemonic, isBtcLayersError, layers } from '@btc-layers/core'
import { lightningAdapter, lnd } from '@btc-layers/lightning'
import { jsonRpc } from '@btc-layers/rootstock'
import { esplora } from '@btc-layers/bitcoin'
import { UnsupportedError } from '@btc-layers/core'
import type { WalletBalances } from '../../balances.js'
import type { WalletQuote } from '../../route.js'
import { createWallet } from '../../wallet.js'
import { quoteRows, showAmount } from '../format.js'
import type { Output } from '../output.js'

type Testkit = typeof import('@btc-layers/testkit')

/**
 * `btc-layers demo` (and `pnpm demo`): a fresh wallet on local networks (Bitcoin regtest behind
 * an Esplora API, Lightning nodes behind LND's REST API, anvil for Rootstock), walked through
 * every step a user takes. Nothing leaves 127.0.0.1; every service is stopped at the end.
 */
export async function demoCommand(out: Output): Promise<void> {
  const started = Date.now()
  const testkit = await loadTestkit()
  const step = (n: number, title: string) => out.line(`\n${n}. ${title}`)
  out.line('btc-layers demo: one seed, every layer, on local networks (nothing leaves 127.0.0.1)')
  const net = await out.spin('Starting Bitcoin regtest, Lightning nodes and a Rootstock node…', () => testkit.startLocalNetwork())
  try {
    out.line(`   started: ${net.services.join(', ')}`)
    const [aliceNode, bobNode] = net.lightning.nodes
    if (!aliceNode || !bobNode) throw new Error('testkit: expected the alice and bob Lightning nodes')
    const bitcoin = { backend: esplora({ url: net.bitcoin.esploraUrl }) }
    const rootstock = { backend: jsonRpc({ url: net.rootstock.rpcUrl }) }

    // A throwaway wallet: the mnemonic is generated here and never printed.
    const wallet = await createWallet({
      mnemonic: generateMnemonic({ words: 12 }),
      network: 'regtest',
      layers: { bitcoin, lightning: { backend: lnd({ url: aliceNode.restUrl, macaroon: aliceNode.macaroon }) }, rootstock },
    })
    // Someone to pay: a second wallet on L1 and Rootstock, and a shop behind the other Lightning node.
    const friend = await createWallet({ mnemonic: generateMnemonic(), network: 'regtest', layers: { bitcoin, rootstock } })
    const shop = lightningAdapter({ network: 'regtest', backend: lnd({ url: bobNode.restUrl, macaroon: bobNode.macaroon }) })

    step(1, `A fresh wallet: ${String(wallet)}, seed fingerprint ${wallet.fingerprint} (the mnemonic is never shown)`)
    const addresses = await wallet.addresses()
    const rows = layers.map((layer) => {
      if (layer === 'bitcoin') return [layer, `${addresses.bitcoin}  (BIP84)\n${wallet.bitcoin.address({ type: 'p2tr' })}  (BIP86)`]
      if (layer === 'rootstock') return [layer, `${addresses.rootstock}  (m/44'/37310'/0'/0/0, chain ${wallet.rootstock.chainId})`]
      if (layer === 'lightning') return [layer, `invoices from your node ${aliceNode.pubkey.slice(0, 16)}… (LND REST)`]
      return [layer, 'not in this version yet']
    })
    out.table(['layer', 'address'], rows)

    step(2, 'Reading pasted inputs (wallet.parse): every layer, and refusals with their reasons')
    const invoice = (await shop.receive({ amount: Amount.fromBase(21_000n, assets.BTC), memo: 'Demo coffee' })).invoice as string
    const pasted = [
      `bitcoin:${friend.bitcoin.address({ index: 3 })}?amount=0.001&label=Coffee`,
      `bitcoin:${friend.bitcoin.address({ index: 4 })}?amount=0.00021&lightning=${invoice}`,
      invoice,
      net.lightning.lnurl.lightningAddress('satoshi'),
      friend.rootstock.address(),
      'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu',
      'SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7',
    ]
    out.table(
      ['pasted', 'read as'],
      pasted.map((input) => {
        const shown = input.length > 46 ? `${input.slice(0, 34)}…${input.slice(-8)}` : input
        try {
          const d = wallet.parse(input)
          const fallback = d.fallback ? `, else ${d.fallback.layer}` : ''
          return [shown, `${d.layer} ${d.kind}${d.amount ? ` ${d.amount.toString()}` : ''}${fallback}`]
        } catch (e) {
          return [shown, `refused ${isBtcLayersError(e) ? `${e.code}: ${e.shortMessage}` : String(e)}`.replace(/(.{60}\S*)\s/g, '$1\n')]
        }
      }),
    )

    step(3, 'Funding from the local faucets: 0.5 BTC on L1 (then a block), 0.05 RBTC on Rootstock')
    await net.bitcoin.fund(wallet.bitcoin.address(), Amount.parse('0.5', assets.BTC))
    await net.bitcoin.mine(1)
    await net.rootstock.fund(wallet.rootstock.address(), Amount.parse('0.05', assets.RBTC))
    const before = await wallet.balances()
    showBalances(out, before)

    step(4, 'Paying 0.1 BTC to an L1 address: the quote comes first, nothing is signed yet')
    const l1 = await wallet.quote({ to: (await friend.bitcoin.receive()).address as string, amount: '0.1' })
    showQuote(out, l1)
    const l1Transfer = await wallet.send(l1)
    await net.bitcoin.mine(1)
    out.line(`   sent ${l1Transfer.id}; after one block: ${(await wallet.status(l1Transfer)).state}`)

    step(5, 'Paying the 21,000 sat BIP21 from step 2: its lightning= invoice is preferred')
    const ln = await wallet.quote({ to: pasted[1] as string })
    showQuote(out, ln)
    const lnTransfer = await wallet.send(ln)
    out.line(`   ${lnTransfer.status}: actual routing fee ${showAmount(lnTransfer.fee)}, preimage ${String(lnTransfer.details?.preimage).slice(0, 16)}… (hashes to the payment hash)`)

    step(6, 'Paying 0.01 RBTC to a 0x address on Rootstock')
    const rsk = await wallet.quote({ to: friend.rootstock.address(), amount: '0.01' })
    showQuote(out, rsk)
    const rskTransfer = await wallet.send(rsk)
    let state = (await wallet.status(rskTransfer)).state
    for (let i = 0; state === 'pending' && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 20))
      state = (await wallet.status(rskTransfer)).state
    }
    out.line(`   sent ${rskTransfer.id.slice(0, 18)}…: ${state}`)

    step(7, 'Balances before and after')
    const after = await wallet.balances()
    out.table(
      ['layer', 'before', 'after', 'moved', 'amount + fee'],
      [
        ['bitcoin', before.bitcoin, after.bitcoin, l1.total.toString()],
        ['lightning', before.lightning, after.lightning, ln.amount.add(lnTransfer.fee).toString()],
        ['rootstock', before.rootstock, after.rootstock, rsk.total.toString()],
      ].map(([layer, b, a, paid]) => {
        const x = b as WalletBalances['bitcoin']
        const y = a as WalletBalances['bitcoin']
        return [layer as string, x?.total.toString() ?? '—', y?.total.toString() ?? '—', x && y ? x.total.sub(y.total).toString() : '—', paid as string]
      }),
    )
    out.line(`   Total (BTC-pegged): ${showAmount(before.total)} → ${showAmount(after.total)}`)
    const friendBalances = await friend.balances()
    out.line(`   The friend received ${friendBalances.bitcoin?.total.toString()} and ${friendBalances.rootstock?.total.toString()}.`)
    wallet.destroy()
    friend.destroy()
  } finally {
    await net.stop()
  }
  out.line(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s; every local service is stopped.`)
}

function showQuote(out: Output, quote: WalletQuote): void {
  out.table([], quoteRows(quote))
}

function showBalances(out: Output, balances: WalletBalances): void {
  const rows = (['bitcoin', 'lightning', 'rootstock'] as const).map((layer) => {
    const b = balances[layer]
    return [layer, b ? b.total.toString() : 'unreachable']
  })
  rows.push(['total', showAmount(balances.total)])
  out.table(['layer', 'balance'], rows)
}

async function loadTestkit(): Promise<Testkit> {
  try {
    return await import('@btc-layers/testkit')
  } catch (error) {
    throw new UnsupportedError('The demo runs on @btc-layers/testkit: install it next to @btc-layers/sdk (npm i -D @btc-layers/testkit).', {
      code: 'UNSUPPORTED_OPERATION',
      cause: error,
    })
  }
}
