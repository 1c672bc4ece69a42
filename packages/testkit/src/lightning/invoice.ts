/**
 * BOLT11 through the `bolt11` package (encode + sign with the node key, decode + verify), shaped
 * the way LND writes its invoices: payment secret, features 8 (var_onion_optin, required),
 * 14 (payment_secret, required) and 17 (basic_mpp, optional), an explicit expiry `x` and
 * min_final_cltv_expiry `c`, no `n` tag (the payee is recovered from the signature).
 */
import * as bolt11 from 'bolt11'
import { toHex } from './rpc.js'

export interface Bolt11Network {
  readonly bech32: string
  readonly pubKeyHash: number
  readonly scriptHash: number
  readonly validWitnessVersions: number[]
}

export const REGTEST: Bolt11Network = { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] }
export const TESTNET: Bolt11Network = { bech32: 'tb', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] }

export interface InvoiceFields {
  network: Bolt11Network
  secretKey: Uint8Array
  paymentHash: Uint8Array
  paymentSecret: Uint8Array
  /** 0n or undefined: an amountless invoice. */
  amountMsat?: bigint
  /** Used as `d` when there is no description hash (an empty string is a valid description). */
  description: string
  descriptionHash?: Uint8Array
  expirySecs: number
  cltvExpiry: number
  /** Unix seconds. */
  timestamp: number
}

/** A signed BOLT11 string. */
export function encodeInvoice(f: InvoiceFields): string {
  const tags: { tagName: string; data: unknown }[] = [
    { tagName: 'payment_hash', data: toHex(f.paymentHash) },
    { tagName: 'payment_secret', data: toHex(f.paymentSecret) },
    f.descriptionHash && f.descriptionHash.length > 0
      ? { tagName: 'purpose_commit_hash', data: toHex(f.descriptionHash) }
      : { tagName: 'description', data: f.description },
    { tagName: 'expire_time', data: f.expirySecs },
    { tagName: 'min_final_cltv_expiry', data: f.cltvExpiry },
    {
      tagName: 'feature_bits',
      data: { word_length: 4, var_onion_optin: { required: true }, payment_secret: { required: true }, basic_mpp: { supported: true } },
    },
  ]
  const unsigned = bolt11.encode(
    {
      network: { ...f.network, validWitnessVersions: [...f.network.validWitnessVersions] },
      ...(f.amountMsat !== undefined && f.amountMsat > 0n ? { millisatoshis: f.amountMsat.toString() } : {}),
      timestamp: f.timestamp,
      tags: tags as bolt11.PaymentRequestObject['tags'],
    },
    false,
  )
  const signed = bolt11.sign(unsigned, toHex(f.secretKey))
  if (!signed.paymentRequest) throw new Error('testkit lightning: bolt11 did not produce a payment request')
  return signed.paymentRequest
}

/** lnrpc.HopHint as JSON. */
export interface HopHint {
  node_id: string
  chan_id: string
  fee_base_msat: number
  fee_proportional_millionths: number
  cltv_expiry_delta: number
}

/** What a node needs from a decoded invoice. */
export interface DecodedInvoice {
  paymentRequest: string
  /** The HRP network, e.g. `bcrt`. */
  bech32: string
  destination: string
  paymentHash: string
  paymentSecret: string | undefined
  /** undefined: amountless. */
  amountMsat: bigint | undefined
  timestamp: number
  /** Seconds; 3600 when the invoice has no `x`. */
  expiry: number
  description: string
  /** Hex; '' when absent. */
  descriptionHash: string
  /** 18 when the invoice has no `c`. */
  cltvExpiry: number
  fallbackAddr: string
  /** Feature bit → set; from the `9` field. */
  featureBits: number[]
  routeHints: HopHint[][]
}

const FEATURE_ORDER = [
  'option_data_loss_protect',
  'initial_routing_sync',
  'option_upfront_shutdown_script',
  'gossip_queries',
  'var_onion_optin',
  'gossip_queries_ex',
  'option_static_remotekey',
  'payment_secret',
  'basic_mpp',
  'option_support_large_channel',
] as const

interface FeatureBitsData {
  [name: string]: unknown
  extra_bits?: { start_bit: number; bits: boolean[] }
}

/**
 * Decodes and verifies (signature, checksum) with `bolt11`; throws the library's error. The
 * network is taken from the HRP (bc, tb, bcrt, sb); signet (`lntbs`) throws here.
 */
export function decodeInvoice(paymentRequest: string): DecodedInvoice {
  const d = bolt11.decode(paymentRequest)
  const t = d.tagsObject
  const featureBits: number[] = []
  const fb = t.feature_bits as FeatureBitsData | undefined
  if (fb) {
    FEATURE_ORDER.forEach((name, i) => {
      const f = fb[name] as { required?: boolean; supported?: boolean } | undefined
      if (f?.required) featureBits.push(2 * i)
      if (f?.supported) featureBits.push(2 * i + 1)
    })
    fb.extra_bits?.bits.forEach((set, i) => {
      if (set) featureBits.push(fb.extra_bits!.start_bit + i)
    })
  }
  const hints = (t.routing_info ?? []).map((h) => ({
    node_id: h.pubkey,
    chan_id: BigInt(`0x${h.short_channel_id}`).toString(),
    fee_base_msat: h.fee_base_msat,
    fee_proportional_millionths: h.fee_proportional_millionths,
    cltv_expiry_delta: h.cltv_expiry_delta,
  }))
  if (!t.payment_hash || !d.payeeNodeKey || d.timestamp === undefined || !d.network) {
    throw new Error('invoice is missing a payment hash, a signature or a timestamp')
  }
  return {
    paymentRequest: paymentRequest.toLowerCase(),
    bech32: d.network.bech32,
    destination: d.payeeNodeKey,
    paymentHash: t.payment_hash,
    paymentSecret: t.payment_secret,
    amountMsat: d.millisatoshis ? BigInt(d.millisatoshis) : undefined,
    timestamp: d.timestamp,
    expiry: t.expire_time ?? 3600,
    description: t.description ?? '',
    descriptionHash: t.purpose_commit_hash ?? '',
    cltvExpiry: t.min_final_cltv_expiry ?? 18,
    fallbackAddr: t.fallback_address?.address ?? '',
    featureBits: featureBits.sort((a, b) => a - b),
    routeHints: hints.length > 0 ? [hints] : [],
  }
}

/** lnwire feature names as LND prints them in `features` maps. */
const FEATURE_NAMES: Readonly<Record<number, string>> = {
  0: 'data-loss-protect',
  1: 'data-loss-protect',
  3: 'initial-routing-sync',
  4: 'upfront-shutdown-script',
  5: 'upfront-shutdown-script',
  6: 'gossip-queries',
  7: 'gossip-queries',
  8: 'tlv-onion',
  9: 'tlv-onion',
  10: 'gossip-queries-ex',
  11: 'gossip-queries-ex',
  12: 'static-remote-key',
  13: 'static-remote-key',
  14: 'payment-addr',
  15: 'payment-addr',
  16: 'multi-path-payments',
  17: 'multi-path-payments',
  18: 'wumbo-channels',
  19: 'wumbo-channels',
  22: 'anchors-zero-fee-htlc-tx',
  23: 'anchors-zero-fee-htlc-tx',
  24: 'route-blinding',
  25: 'route-blinding',
  26: 'shutdown-any-segwit',
  27: 'shutdown-any-segwit',
  30: 'amp',
  31: 'amp',
  44: 'explicit-commitment-type',
  45: 'explicit-commitment-type',
}

/** A `features` map: `{"8": {"name": "tlv-onion", "is_required": true, "is_known": true}, …}`. */
export function featureMap(bits: readonly number[]): Record<string, { name: string; is_required: boolean; is_known: boolean }> {
  const out: Record<string, { name: string; is_required: boolean; is_known: boolean }> = {}
  for (const bit of bits) {
    const name = FEATURE_NAMES[bit]
    out[String(bit)] = { name: name ?? 'unknown', is_required: bit % 2 === 0, is_known: name !== undefined }
  }
  return out
}

/** The feature bits of the invoices the testkit writes. */
export const INVOICE_FEATURE_BITS: readonly number[] = [8, 14, 17]
