import type { PaymentFailure } from './types.js'

// What a node's refusal to pay means for `pay`. Before any of these verdicts is applied, the
// backend asks the node for the payment by hash: a payment already made or still in flight for
// that hash always wins (pay is idempotent per hash: an expired invoice we paid yesterday is
// "succeeded", not "expired").

export type PayErrorVerdict =
  /** The node has (or had) a payment for this hash: its record is the answer. */
  | { kind: 'known' }
  /** Nothing was paid, for this reason. */
  | { kind: 'failed'; failure: PaymentFailure }
  /** The request itself was wrong (amount, invoice): the caller must fix it. */
  | { kind: 'input'; code: 'INVALID_INVOICE' | 'INVALID_AMOUNT' | 'INVALID_ARGUMENT' }
  /** Not a payment outcome we can name: rethrow the node's error. */
  | { kind: 'unknown' }

const known: PayErrorVerdict = { kind: 'known' }
const failed = (failure: PaymentFailure): PayErrorVerdict => ({ kind: 'failed', failure })
const input = (code: 'INVALID_INVOICE' | 'INVALID_AMOUNT' | 'INVALID_ARGUMENT'): PayErrorVerdict => ({ kind: 'input', code })

/**
 * Core Lightning `xpay`/`pay` errors (codes from common/jsonrpc_errors.h, messages from xpay.c
 * and shared/fixtures/core-lightning 08/09):
 *
 * | code | message (example) | verdict |
 * |---|---|---|
 * | 219 | Already paid this invoice successfully (xpay) | known |
 * | 200, 201 | payment in progress / already succeeded (sendpay family) | known |
 * | 207 | Invoice expired [N seconds ago] | failed: expired |
 * | 205, 206, 210, 215, 204 | no route, too expensive, ran out of routes, "could not find a usable set of paths" | failed: no_route |
 * | 209 | "Timed out after N attempts" | failed: timeout |
 * | 209 | "Failed after N attempts … routing failed" | failed: no_route |
 * | 203 | Destination said it doesn't know invoice | failed: incorrect_payment_details |
 * | -32602 | Invalid bolt11 invoice: Prefix bc is not for regtest | failed: incorrect_payment_details |
 * | -32602 | amount_msat required | input INVALID_AMOUNT |
 * | -32602 | amount_msat unnecessary | input INVALID_ARGUMENT |
 * | -32602 | Invalid bolt11 invoice: Bad bech32 string | input INVALID_INVOICE |
 * | other 200–299 | other pay errors | failed: error |
 * | anything else | | unknown (rethrown as BACKEND_RPC) |
 */
export function classifyClnPayError(code: number | undefined, message: string): PayErrorVerdict {
  if (/already paid/i.test(message) || code === 219 || code === 201) return known
  if (code === 200 || /in progress/i.test(message)) return known
  if (code === 207 || /invoice expired/i.test(message)) return failed('expired')
  if (code === -32602) {
    if (/prefix \S+ is not for|not for (?:this|the) network/i.test(message)) return failed('incorrect_payment_details')
    if (/amount_msat required/i.test(message)) return input('INVALID_AMOUNT')
    if (/amount_msat unnecessary|cannot override amount/i.test(message)) return input('INVALID_ARGUMENT')
    if (/invalid bolt1[12]|bech32|unparsable|need payment_secret/i.test(message)) return input('INVALID_INVOICE')
    return { kind: 'unknown' }
  }
  if (code === 203) return failed('incorrect_payment_details')
  if (code === 204 || code === 205 || code === 206 || code === 210 || code === 215) return failed('no_route')
  if (code === 209) {
    if (/timed out/i.test(message)) return failed('timeout')
    if (/routing .*failed|could not find|no path|no usable/i.test(message)) return failed('no_route')
    return failed('error')
  }
  if (code !== undefined && code >= 200 && code < 300) return failed('error')
  return { kind: 'unknown' }
}

/**
 * LND errors from `POST /v2/router/send` (and the `GET /v1/payreq` decode before it). LND
 * sends gRPC code 2 (Unknown) for nearly all of them, so the message decides
 * (lnd channeldb/payment_control.go, routerrpc/router_backend.go, zpay32):
 *
 * | message | verdict |
 * |---|---|
 * | invoice is already paid / payment is in transition / already initiated | known |
 * | invoice expired. Valid until … | failed: expired |
 * | invoice not for current active network '…' | failed: incorrect_payment_details |
 * | insufficient local balance | failed: insufficient_balance |
 * | amount must be specified when paying a zero amount invoice | input INVALID_AMOUNT |
 * | amount must not be specified when paying a non-zero amount invoice | input INVALID_ARGUMENT |
 * | invalid payment request / checksum / bech32 / zpay32 decode errors | input INVALID_INVOICE |
 * | anything else | unknown (rethrown as BACKEND_RPC) |
 */
export function classifyLndPayError(message: string): PayErrorVerdict {
  if (/already paid|in transition|already (?:been )?initiated|payment exists|already in flight/i.test(message)) return known
  if (/invoice expired/i.test(message)) return failed('expired')
  if (/not for current active network|invoice not for/i.test(message)) return failed('incorrect_payment_details')
  if (/insufficient (?:local )?balance/i.test(message)) return failed('insufficient_balance')
  if (/amount must be specified/i.test(message)) return input('INVALID_AMOUNT')
  if (/amount must not be specified/i.test(message)) return input('INVALID_ARGUMENT')
  if (/invalid payment request|checksum|bech32|invalid index|zpay32|unable to decode|failed decoding/i.test(message)) {
    return input('INVALID_INVOICE')
  }
  return { kind: 'unknown' }
}

/** A PaymentState `failure_reason` of LND's, by name or by enum number. */
export function lndFailure(reason: unknown): PaymentFailure {
  switch (reason) {
    case 'FAILURE_REASON_TIMEOUT':
    case 1:
      return 'timeout'
    case 'FAILURE_REASON_NO_ROUTE':
    case 2:
      return 'no_route'
    case 'FAILURE_REASON_INCORRECT_PAYMENT_DETAILS':
    case 4:
      return 'incorrect_payment_details'
    case 'FAILURE_REASON_INSUFFICIENT_BALANCE':
    case 5:
      return 'insufficient_balance'
    default:
      // FAILURE_REASON_ERROR (3), FAILURE_REASON_CANCELED (6, LND ≥ 0.18), NONE (0), unknown.
      return 'error'
  }
}
