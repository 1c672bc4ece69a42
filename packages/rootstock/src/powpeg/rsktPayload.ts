import { decodeBitcoinAddress } from '@btc-layers/bitcoin'
import type { Network } from '@btc-layers/core'
import { bytesToHex, concat, hexToBytes } from 'viem'
import type { Hex } from '../backends/types.js'
import { pegArgument } from './errors.js'

/**
 * RSKIP-170 peg-in instructions ("peg-in v1"), carried in one OP_RETURN output of the Bitcoin
 * transaction that pays the federation:
 *
 *   `52534b54` ("RSKT") ‖ `01` (version) ‖ 20-byte Rootstock address
 *   [‖ refund type `01` P2PKH / `02` P2SH ‖ 20-byte pubkey hash / script hash]
 *
 * 25 bytes without a refund address, 46 with one; rskj refuses any other length
 * (`PeginInstructionsVersion1.validateDataLength`). Sources: rsksmart/RSKIPs `IPs/RSKIP170.md`,
 * rsksmart/rskj `co/rsk/peg/pegininstructions/PeginInstructionsVersion1.java`.
 */
export const RSKT_PREFIX: Hex = '0x52534b54'
export const PEGIN_PROTOCOL_VERSION = 1
/** Payload lengths rskj accepts. */
export const RSKT_LENGTH = 25
export const RSKT_LENGTH_WITH_REFUND = 46

/** Where a rejected peg-in is refunded (RSKIP-170 knows only these two base58 kinds). */
export interface PegInRefund {
  type: 'p2pkh' | 'p2sh'
  /** 20 bytes, lower-case hex: the public-key hash (P2PKH) or script hash (P2SH). */
  hash: Hex
}

export interface RsktPayload {
  version: 1
  /** Lower case. */
  rootstockAddress: Hex
  refund?: PegInRefund
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/
const REFUND_TYPE = { p2pkh: 0x01, p2sh: 0x02 } as const

/**
 * The OP_RETURN data of a v1 peg-in to `rootstockAddress` (EOA or contract), with an optional
 * refund address.
 *
 * @example
 * rsktPayload('0x0e537aad84447a2c2a7590d5f2665ef5cf9b667a', { type: 'p2pkh', hash: '0x4f4c767a2d308eebb3f0f1247f9163c896e0b7d2' })
 * // bytes 52534b54010e537aad…7a014f4c767a…b7d2 (the RSKIP-170 example)
 */
export function rsktPayload(rootstockAddress: Hex, refund?: PegInRefund): Uint8Array {
  if (typeof rootstockAddress !== 'string' || !ADDRESS.test(rootstockAddress)) {
    throw pegArgument('A peg-in needs a Rootstock address: 0x followed by 40 hex digits.')
  }
  if (/^0x0{40}$/.test(rootstockAddress)) {
    throw pegArgument('A peg-in to the zero address would burn the BTC: give a real Rootstock address.')
  }
  const parts: Uint8Array[] = [hexToBytes(RSKT_PREFIX), Uint8Array.of(PEGIN_PROTOCOL_VERSION), hexToBytes(rootstockAddress)]
  if (refund !== undefined) {
    const type = REFUND_TYPE[refund?.type as keyof typeof REFUND_TYPE]
    if (type === undefined || typeof refund.hash !== 'string' || !ADDRESS.test(refund.hash)) {
      throw pegArgument("A peg-in refund is { type: 'p2pkh' | 'p2sh', hash: 20 bytes as 0x-hex }.")
    }
    parts.push(Uint8Array.of(type), hexToBytes(refund.hash))
  }
  return concat(parts)
}

/**
 * Reads OP_RETURN data as peg-in instructions: `undefined` when it does not start with "RSKT"
 * (another protocol's data); throws `INVALID_ARGUMENT` for RSKT data rskj would refuse.
 */
export function decodeRsktPayload(data: Uint8Array | Hex): RsktPayload | undefined {
  const bytes = typeof data === 'string' ? hexToBytes(data) : data
  if (bytes.length < 4 || bytesToHex(bytes.subarray(0, 4)) !== RSKT_PREFIX) return undefined
  if (bytes.length !== RSKT_LENGTH && bytes.length !== RSKT_LENGTH_WITH_REFUND) {
    throw pegArgument(`RSKT data is ${RSKT_LENGTH} or ${RSKT_LENGTH_WITH_REFUND} bytes long, not ${bytes.length}.`, { length: bytes.length })
  }
  if (bytes[4] !== PEGIN_PROTOCOL_VERSION) {
    throw pegArgument(`RSKT version ${bytes[4]} is not known: only version ${PEGIN_PROTOCOL_VERSION} exists.`, { version: bytes[4] })
  }
  const payload: RsktPayload = { version: 1, rootstockAddress: bytesToHex(bytes.subarray(5, 25)) }
  if (bytes.length === RSKT_LENGTH_WITH_REFUND) {
    const type = bytes[25] === 0x01 ? 'p2pkh' : bytes[25] === 0x02 ? 'p2sh' : undefined
    if (!type) throw pegArgument(`RSKT refund type ${bytes[25]} is not known: 1 is P2PKH, 2 is P2SH.`, { refundType: bytes[25] })
    payload.refund = { type, hash: bytesToHex(bytes.subarray(26, 46)) }
  }
  return payload
}

/**
 * The refund part of the payload for a Bitcoin address: base58 P2PKH or P2SH only (RSKIP-170
 * has no segwit or taproot type). The address is checked for `network` (`NETWORK_MISMATCH`
 * for another network's address, never converted).
 */
export function pegInRefundOf(address: string, network: Network): PegInRefund {
  const decoded = decodeBitcoinAddress(address, network)
  const script = decoded.scriptPubKey.toLowerCase()
  // P2PKH: OP_DUP OP_HASH160 <20> OP_EQUALVERIFY OP_CHECKSIG; P2SH: OP_HASH160 <20> OP_EQUAL.
  if (decoded.type === 'p2pkh' && /^76a914[0-9a-f]{40}88ac$/.test(script)) return { type: 'p2pkh', hash: `0x${script.slice(6, 46)}` }
  if (decoded.type === 'p2sh' && /^a914[0-9a-f]{40}87$/.test(script)) return { type: 'p2sh', hash: `0x${script.slice(4, 44)}` }
  throw pegArgument(
    `A peg-in refund address must be a legacy P2PKH or P2SH address (RSKIP-170 has no ${decoded.type} refund type); this one is ${decoded.type}.`,
    { type: decoded.type },
  )
}
