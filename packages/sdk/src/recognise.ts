import type { Layer } from '@btc-layers/core'

/** What a pasted input looks like, from its shape alone (no checksum, no decoding). */
export interface Recognised {
  layer: Layer
  /** Shown to the user: "a Lightning invoice", "a Stacks principal", … */
  what: string
}

// Cheap shape tests, tried in order. They name what an input seems to be when no configured
// layer parses it, so the error can say "a Stacks principal" instead of "unrecognised".
const SHAPES: ReadonlyArray<readonly [RegExp, Layer, string]> = [
  [/^bitcoin:/i, 'bitcoin', 'a bitcoin: payment URI'],
  [/^(lightning:)?ln(bc|tb|tbs|bcrt|sb)[0-9]*[munp]?1[02-9ac-hj-np-z]{20,}$/i, 'lightning', 'a Lightning invoice (BOLT11)'],
  [/^(lightning:)?ln[oir]1/i, 'lightning', 'a BOLT12 offer'],
  [/^(lightning:)?lnurl1[02-9ac-hj-np-z]+$/i, 'lightning', 'an LNURL'],
  [/^(lnurl[pwc]|keyauth):\/\//i, 'lightning', 'an LNURL'],
  [/^lightning:/i, 'lightning', 'a lightning: URI'],
  [/^[\w.+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'lightning', 'a Lightning address'],
  [/^(ethereum|rsk):/i, 'rootstock', 'an ethereum: URI'],
  [/^0x[0-9a-f]{40}$/i, 'rootstock', 'a 0x address (Rootstock)'],
  [/^0x[0-9a-f]*$/i, 'rootstock', 'hex that is not a 20-byte 0x address'],
  [/^liquidnetwork:/i, 'liquid', 'a Liquid payment URI (liquidnetwork:)'],
  [/^(lq1|ex1|ert1|tlq1|tex1|el1)[02-9ac-hj-np-z]{20,}$/i, 'liquid', 'a Liquid address'],
  // Base58: confidential (VJL/VT Liquid, vjT Liquid testnet, Azp/CT Elements regtest), then unconfidential.
  [/^(VJL|VT|vjT|Az[pP]|CT|Q|G|H|2d|XR)[1-9A-HJ-NP-Za-km-z]{30,}$/, 'liquid', 'a Liquid address'],
  [/^stacks:/i, 'stacks', 'a Stacks payment URI (stacks:)'],
  [/^S[PMTN][0-9A-HJKMNP-TV-Z]{38,40}(\.[a-zA-Z][\w-]{0,39})?$/, 'stacks', 'a Stacks principal'],
  [/^(bc|tb|bcrt)1[02-9ac-hj-np-z]{6,}$/i, 'bitcoin', 'a bech32 Bitcoin address'],
  [/^[123mn2][1-9A-HJ-NP-Za-km-z]{25,34}$/, 'bitcoin', 'a base58 Bitcoin address'],
]

/** Names what `input` (trimmed) looks like, or undefined when it resembles nothing we know. */
export function recognise(input: string): Recognised | undefined {
  for (const [pattern, layer, what] of SHAPES) if (pattern.test(input)) return { layer, what }
  return undefined
}
