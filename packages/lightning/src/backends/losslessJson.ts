import { isInteger, parse } from 'lossless-json'

/**
 * JSON.parse that loses no integer. Core Lightning writes msat amounts as bare JSON integers up
 * to u64 max (`their_max_htlc_value_in_flight_msat: 18446744073709551615` in listpeerchannels,
 * `groupid` in listsendpays, a BOLT12 `htlc_maximum_msat` of 2.1e18); JSON.parse rounds them to
 * doubles before any reviver sees them. lossless-json hands us each number's source text:
 * integers beyond 15 digits stay digit strings (what `msat()` in validate.ts reads as an exact
 * bigint), everything else becomes an ordinary number.
 */
export function parseJsonLossless(text: string): unknown {
  return parse(text, null, (value: string) => (value.replace('-', '').length > 15 && isInteger(value) ? value : Number(value)))
}
