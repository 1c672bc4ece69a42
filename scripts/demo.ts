// `pnpm demo`: a fresh wallet on the local networks, walked through step by step.
import { bitcoinAdapter, esplora } from '@btc-layers/bitcoin'
import { Amount, assets, generateMnemonic, isBtcLayersError, Keyring, layers } from '@btc-layers/core'
import { lightningAdapter, lnd } from '@btc-layers/lightning'
import { jsonRpc, rootstockAdapter } from '@btc-layers/rootstock'
import { startLocalNetwork } from '@btc-layers/testkit'

const started = Date.now()
const step = (title: string) => console.log(`\n▸ ${title}`)
const net = await startLocalNetwork()
try {
  console.log('btc-layers demo: one seed, every layer, on local networks (nothing leaves 127.0.0.1)')
  // A throwaway wallet: the mnemonic is generated here and never printed.
  const keyring = await Keyring.fromMnemonic(generateMnemonic({ words: 12 }))
  const bitcoin = bitcoinAdapter({ network: 'regtest', keyring, backend: esplora({ url: net.bitcoin.esploraUrl }) })
  const friend = bitcoinAdapter({
    network: 'regtest',
    keyring: await Keyring.fromMnemonic(generateMnemonic()),
    backend: esplora({ url: net.bitcoin.esploraUrl }),
  })

  const rootstock = rootstockAdapter({ network: 'regtest', keyring, backend: jsonRpc({ url: net.rootstock.rpcUrl }) })
  const rootstockFriend = rootstockAdapter({
    network: 'regtest',
    keyring: await Keyring.fromMnemonic(generateMnemonic()),
    backend: jsonRpc({ url: net.rootstock.rpcUrl }),
  })

  // Lightning drives a node the user runs; its keys are the node's own, not the seed's.
  const [aliceNode, bobNode] = net.lightning.nodes as [(typeof net.lightning.nodes)[number], (typeof net.lightning.nodes)[number]]
  const lightning = lightningAdapter({ network: 'regtest', backend: lnd({ url: aliceNode.restUrl, macaroon: aliceNode.macaroon }) })
  const shop = lightningAdapter({ network: 'regtest', backend: lnd({ url: bobNode.restUrl, macaroon: bobNode.macaroon }) })

  step(`A fresh wallet (fingerprint ${keyring.fingerprint}; it prints as ${String(keyring)})`)
  const built: Partial<Record<string, string>> = {
    bitcoin: `${bitcoin.address()}  (BIP84)   ${bitcoin.address({ type: 'p2tr' })}  (BIP86)`,
    rootstock: `${rootstock.address()}  (m/44'/37310'/0'/0/0, chain ${rootstock.chainId})`,
    lightning: `no address: invoices from your node ${aliceNode.pubkey.slice(0, 16)}… (LND REST)`,
  }
  for (const layer of layers) console.log(`  ${layer.padEnd(10)} ${built[layer] ?? '— not built yet (see the README status table)'}`)

  step('Parsing pasted inputs')
  for (const input of [
    bitcoin.address({ index: 1 }),
    `bitcoin:${friend.address()}?amount=0.001&label=Coffee`,
    'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu',
    rootstockFriend.address(),
    '0xA2cC70eE855B5f577eecA688539D8A022550DE45',
    net.lightning.lnurl.lightningAddress('satoshi'),
  ]) {
    try {
      const d = bitcoin.parse(input) ?? rootstock.parse(input) ?? lightning.parse(input)
      console.log(`  ${input.slice(0, 60).padEnd(62)} → ${d?.layer} ${d?.kind}${d?.amount ? ` ${d.amount.toString()}` : ''}${d?.memo ? ` "${d.memo}"` : ''}`)
    } catch (e) {
      console.log(`  ${input.slice(0, 60).padEnd(62)} → refused: ${isBtcLayersError(e) ? `${e.code}: ${e.shortMessage}` : String(e)}`)
    }
  }

  step('Funding the wallet from the local faucet and mining a block')
  await net.bitcoin.fund(bitcoin.address(), Amount.parse('0.5', assets.BTC))
  await net.bitcoin.mine(1)
  const before = await bitcoin.balance()
  console.log(`  balance: ${before.confirmed.toString()} confirmed`)

  step('Paying 0.1 BTC on L1: the quote comes first, nothing is signed yet')
  const quote = await bitcoin.quote({ to: (await friend.receive()).address as string, amount: Amount.parse('0.1', assets.BTC), feeRate: 'normal' })
  console.log(`  to      ${quote.to.address}`)
  console.log(`  amount  ${quote.amount.toString()}`)
  console.log(`  fee     ${quote.fee.toString()}  (${String(quote.details.feeRateText)}, ${String(quote.details.vsize)} vB)`)
  console.log(`  total   ${quote.total.toString()}`)
  const transfer = await bitcoin.send(quote)
  console.log(`  sent: ${transfer.id} (${transfer.status})`)
  await net.bitcoin.mine(1)
  const status = await bitcoin.status(transfer.id)
  console.log(`  after one block: ${status.state}, ${status.confirmations} confirmation`)

  step('Paying 0.01 RBTC on Rootstock (legacy transaction, gas price from the node)')
  await net.rootstock.fund(rootstock.address(), Amount.parse('0.05', assets.RBTC))
  const rskBefore = await rootstock.balance()
  const rskQuote = await rootstock.quote({ to: rootstockFriend.address(), amount: Amount.parse('0.01', assets.RBTC) })
  console.log(`  amount  ${rskQuote.amount.toString()}`)
  console.log(`  fee     ${rskQuote.fee.toString()}  (${String(rskQuote.details.gas)} gas × ${String(rskQuote.details.gasPrice)} wei)`)
  const rskTransfer = await rootstock.send(rskQuote)
  let rskStatus = await rootstock.status(rskTransfer.id)
  for (let i = 0; rskStatus.state === 'pending' && i < 100; i++) rskStatus = await rootstock.status(rskTransfer.id)
  console.log(`  sent: ${rskTransfer.id} (${rskStatus.state})`)

  step('Paying a Lightning invoice of 21,000 sats')
  const lnBefore = await lightning.balance()
  const { invoice } = await shop.receive({ amount: Amount.fromBase(21_000n, assets.BTC), memo: 'Demo coffee' })
  console.log(`  invoice ${String(invoice).slice(0, 40)}…`)
  const lnQuote = await lightning.quote({ to: invoice as string })
  console.log(`  amount  ${lnQuote.amount.toString()}   fee limit ${String((lnQuote.details.maxFeeMsat as bigint) / 1000n)} sats`)
  const lnTransfer = await lightning.send(lnQuote)
  console.log(`  ${lnTransfer.status}: preimage ${String(lnTransfer.details?.preimage).slice(0, 16)}… (hashes to the invoice's payment hash)`)
  const lnAfter = await lightning.balance()

  step('Balances before and after')
  const after = await bitcoin.balance()
  const rskAfter = await rootstock.balance()
  console.table([
    { wallet: 'you', layer: 'bitcoin', before: before.total.toString(), after: after.total.toString() },
    { wallet: 'friend', layer: 'bitcoin', before: Amount.zero(assets.BTC).toString(), after: (await friend.balance()).total.toString() },
    { wallet: 'you', layer: 'lightning', before: lnBefore.total.toString(), after: lnAfter.total.toString() },
    { wallet: 'you', layer: 'rootstock', before: rskBefore.total.toString(), after: rskAfter.total.toString() },
    { wallet: 'friend', layer: 'rootstock', before: Amount.zero(assets.RBTC).toString(), after: (await rootstockFriend.balance()).total.toString() },
  ])
  console.log(`  you paid exactly amount + fee: bitcoin ${before.total.sub(after.total).eq(quote.total)}, rootstock ${rskBefore.total.sub(rskAfter.total).eq(rskQuote.total)}`)
  keyring.destroy()
  console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s; local services stopped.`)
} finally {
  await net.stop()
}
