import { type CallOptions, InputError } from '@btc-layers/core'
import { Psbt, Transaction } from 'bitcoinjs-lib'
import type { BitcoinContext } from './context.js'
import { ensureEcc } from './ecc.js'
import { type DerivedAddress, tapTweak, toHex } from './keys.js'

export interface SignPsbtOptions extends CallOptions {
  /** Finalize the inputs we signed (default false: leave that to whoever combines). */
  finalize?: boolean
  /**
   * Sign segwit v0 inputs on the PSBT's word for their amount (`witnessUtxo` alone). Their
   * signatures commit only to their own amount, so two PSBTs lying about different inputs can
   * be combined into a transaction with a huge fee. By default each such amount is checked
   * against `nonWitnessUtxo` or the backend's copy of the previous transaction. Default false.
   */
  trustWitnessUtxo?: boolean
  /** Sighash types accepted besides ALL (and DEFAULT for taproot). Default none. */
  allowSighashTypes?: number[]
}

export interface SignPsbtResult {
  /** The PSBT with our signatures added (base64). */
  psbt: string
  /** Indexes of the inputs this wallet signed. */
  signed: number[]
}

/**
 * Signs the inputs of a BIP174 PSBT that this wallet owns, recognised by BIP32 derivation
 * records with our master fingerprint (checked against the derived key) or by a witness UTXO
 * paying one of our addresses. Other inputs are left alone. Refuses unusual sighash types,
 * which could let a counterparty change what we sign for.
 */
export async function signPsbtBitcoin(ctx: BitcoinContext, base64: string, options: SignPsbtOptions = {}): Promise<SignPsbtResult> {
  ensureEcc()
  const keys = ctx.keys('Signing a PSBT')
  let psbt: Psbt
  try {
    psbt = Psbt.fromBase64(String(base64).trim(), { network: ctx.network.bitcoinjs })
  } catch (cause) {
    throw new InputError('This is not a valid base64 PSBT (BIP174).', { code: 'INVALID_ARGUMENT', layer: 'bitcoin', cause })
  }
  const own = ctx.hasBackend ? ctx.ownScripts(ctx.lastSnapshot ?? (await ctx.sync(options))) : ctx.ownScripts(undefined)
  const allowed = new Set([Transaction.SIGHASH_ALL, Transaction.SIGHASH_DEFAULT, ...(options.allowSighashTypes ?? [])])
  const signed: number[] = []
  for (const [i, input] of psbt.data.inputs.entries()) {
    const derived = ownerOf(input, own, keys.derive.bind(keys), keys.accountKey('p2wpkh').masterFingerprint)
    if (!derived) continue
    if (input.sighashType !== undefined && !allowed.has(input.sighashType)) {
      throw new InputError(`Input ${i} asks for sighash type ${input.sighashType}; pass allowSighashTypes to sign it.`, {
        code: 'INVALID_ARGUMENT',
        layer: 'bitcoin',
        details: { input: i, sighashType: input.sighashType },
      })
    }
    const key = keys.key(derived.type, derived.change, derived.index)
    if (derived.type === 'p2tr') {
      const given = input.tapInternalKey
      if (given && toHex(given) !== toHex(key.xOnlyPublicKey)) continue // not our key path: leave it
      if (!given) psbt.updateInput(i, { tapInternalKey: key.xOnlyPublicKey })
      psbt.signTaprootInput(i, key.tweak(tapTweak(key.xOnlyPublicKey)), undefined, [...allowed])
    } else {
      if (!options.trustWitnessUtxo) await checkPrevout(ctx, psbt, i, options)
      psbt.signInput(i, { publicKey: key.publicKey, sign: (hash) => key.sign(hash, true) }, [...allowed])
    }
    if (!psbt.validateSignaturesOfInput(i, verifier)) {
      throw new InputError(`Our signature for input ${i} did not verify.`, { code: 'INVALID_KEY', layer: 'bitcoin' })
    }
    if (options.finalize) psbt.finalizeInput(i)
    signed.push(i)
  }
  return { psbt: psbt.toBase64(), signed }
}

type PsbtInput = Psbt['data']['inputs'][number]

function ownerOf(
  input: PsbtInput,
  own: Map<string, DerivedAddress>,
  derive: (type: 'p2wpkh' | 'p2tr', change: boolean, index: number) => DerivedAddress,
  fingerprint: string,
): DerivedAddress | undefined {
  const script = input.witnessUtxo ? toHex(input.witnessUtxo.script) : undefined
  if (script && own.has(script)) return own.get(script)
  // A derivation record with our fingerprint: trust it only if it leads to the script being spent.
  const records = [...(input.bip32Derivation ?? []), ...(input.tapBip32Derivation ?? [])]
  for (const record of records) {
    if (toHex(record.masterFingerprint) !== fingerprint) continue
    const match = /^m\/(84|86)'\/\d+'\/\d+'\/([01])\/(\d+)$/.exec(record.path.replace(/h/g, "'"))
    if (!match) continue
    const derived = derive(match[1] === '84' ? 'p2wpkh' : 'p2tr', match[2] === '1', Number(match[3]))
    if (script === derived.scriptPubKey) return derived
  }
  return undefined
}

function verifier(pubkey: Uint8Array, hash: Uint8Array, signature: Uint8Array): boolean {
  const ecc = ensureEcc()
  return pubkey.length === 32 ? ecc.verifySchnorr(hash, pubkey, signature) : ecc.verify(hash, pubkey, signature)
}

/** The amount and script a v0 input claims, checked against the previous transaction itself. */
async function checkPrevout(ctx: BitcoinContext, psbt: Psbt, index: number, options: CallOptions): Promise<void> {
  const input = psbt.data.inputs[index]
  const txin = psbt.txInputs[index]
  if (!input?.witnessUtxo || !txin) return
  const prevTxid = toHex(Uint8Array.from(txin.hash).reverse())
  let prevHex: string | undefined
  if (input.nonWitnessUtxo) prevHex = toHex(input.nonWitnessUtxo)
  else if (ctx.hasBackend) prevHex = await (await ctx.backend('Signing a PSBT', options)).rawTx(prevTxid, options)
  const fail = (why: string) =>
    new InputError(`Input ${index}: ${why}; its amount cannot be trusted. Add nonWitnessUtxo, or pass trustWitnessUtxo if you checked it yourself.`, {
      code: 'INVALID_ARGUMENT',
      layer: 'bitcoin',
      details: { input: index },
    })
  if (!prevHex) throw fail('no previous transaction to check witnessUtxo against')
  const prev = Transaction.fromHex(prevHex)
  if (prev.getId() !== prevTxid) throw fail('nonWitnessUtxo is not the transaction it spends')
  const out = prev.outs[txin.index]
  if (!out || out.value !== input.witnessUtxo.value || toHex(out.script) !== toHex(input.witnessUtxo.script)) {
    throw fail('witnessUtxo does not match the previous transaction')
  }
}
