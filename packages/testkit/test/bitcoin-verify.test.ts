/**
 * The regtest's own signature checks: the hand-written secp256k1 verifier against the BIP340
 * vectors and @scure/btc-signer's signatures, and the input checks against the verdicts a real
 * Bitcoin Core gave on the recorded fixtures (shared/fixtures/bitcoin-core, when present).
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { hex } from '@scure/base'
import { Address, OutScript } from '@scure/btc-signer'
import * as u from '@scure/btc-signer/utils.js'
import { describe, expect, it } from 'vitest'
import { hash160, REGTEST } from '../src/bitcoin/encoding.js'
import { checkInputs } from '../src/bitcoin/scripts.js'
import { parseStrictDer, verifyEcdsa, verifySchnorr } from '../src/bitcoin/secp256k1.js'
import { parseTx } from '../src/bitcoin/tx.js'

// bitcoin/bips bip-0340/test-vectors.csv: index, public key, message, signature, valid.
const BIP340: [number, string, string, string, boolean][] = [
  [0, 'F9308A019258C31049344F85F89D5229B531C845836F99B08601F113BCE036F9', '0000000000000000000000000000000000000000000000000000000000000000', 'E907831F80848D1069A5371B402410364BDF1C5F8307B0084C55F1CE2DCA821525F66A4A85EA8B71E482A74F382D2CE5EBEEE8FDB2172F477DF4900D310536C0', true],
  [1, 'DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659', '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89', '6896BD60EEAE296DB48A229FF71DFE071BDE413E6D43F917DC8DCF8C78DE33418906D11AC976ABCCB20B091292BFF4EA897EFCB639EA871CFA95F6DE339E4B0A', true],
  [2, 'DD308AFEC5777E13121FA72B9CC1B7CC0139715309B086C960E18FD969774EB8', '7E2D58D8B3BCDF1ABADEC7829054F90DDA9805AAB56C77333024B9D0A508B75C', '5831AAEED7B44BB74E5EAB94BA9D4294C49BCF2A60728D8B4C200F50DD313C1BAB745879A5AD954A72C45A91C3A51D3C7ADEA98D82F8481E0E1E03674A6F3FB7', true],
  [3, '25D1DFF95105F5253C4022F628A996AD3A0D95FBF21D468A1B33F8C160D8F517', 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF', '7EB0509757E246F19449885651611CB965ECC1A187DD51B64FDA1EDC9637D5EC97582B9CB13DB3933705B32BA982AF5AF25FD78881EBB32771FC5922EFC66EA3', true],
  [4, 'D69C3509BB99E412E68B0FE8544E72837DFA30746D8BE2AA65975F29D22DC7B9', '4DF3C3F68FCC83B27E9D42C90431A72499F17875C81A599B566C9889B9696703', '00000000000000000000003B78CE563F89A0ED9414F5AA28AD0D96D6795F9C6376AFB1548AF603B3EB45C9F8207DEE1060CB71C04E80F593060B07D28308D7F4', true],
  [5, 'EEFDEA4CDB677750A420FEE807EACF21EB9898AE79B9768766E4FAA04A2D4A34', '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89', '6CFF5C3BA86C69EA4B7376F31A9BCB4F74C1976089B2D9963DA2E5543E17776969E89B4C5564D00349106B8497785DD7D1D713A8AE82B32FA79D5F7FC407D39B', false],
  [6, 'DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659', '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89', 'FFF97BD5755EEEA420453A14355235D382F6472F8568A18B2F057A14602975563CC27944640AC607CD107AE10923D9EF7A73C643E166BE5EBEAFA34B1AC553E2', false],
  [7, 'DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659', '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89', '1FA62E331EDBC21C394792D2AB1100A7B432B013DF3F6FF4F99FCB33E0E1515F28890B3EDB6E7189B630448B515CE4F8622A954CFE545735AAEA5134FCCDB2BD', false],
  [8, 'DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659', '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89', '6CFF5C3BA86C69EA4B7376F31A9BCB4F74C1976089B2D9963DA2E5543E177769961764B3AA9B2FFCB6EF947B6887A226E8D7C93E00C5ED0C1834FF0D0C2E6DA6', false],
  [9, 'DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659', '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89', '0000000000000000000000000000000000000000000000000000000000000000123DDA8328AF9C23A94C1FEECFD123BA4FB73476F0D594DCB65C6425BD186051', false],
  [10, 'DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659', '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89', '00000000000000000000000000000000000000000000000000000000000000017615FBAF5AE28864013C099742DEADB4DBA87F11AC6754F93780D5A1837CF197', false],
  [11, 'DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659', '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89', '4A298DACAE57395A15D0795DDBFD1DCB564DA82B0F269BC70A74F8220429BA1D69E89B4C5564D00349106B8497785DD7D1D713A8AE82B32FA79D5F7FC407D39B', false],
  [12, 'DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659', '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89', 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F69E89B4C5564D00349106B8497785DD7D1D713A8AE82B32FA79D5F7FC407D39B', false],
  [13, 'DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659', '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89', '6CFF5C3BA86C69EA4B7376F31A9BCB4F74C1976089B2D9963DA2E5543E177769FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141', false],
  [14, 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC30', '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89', '6CFF5C3BA86C69EA4B7376F31A9BCB4F74C1976089B2D9963DA2E5543E17776969E89B4C5564D00349106B8497785DD7D1D713A8AE82B32FA79D5F7FC407D39B', false],
]

describe('secp256k1 verification', () => {
  it.each(BIP340)('BIP340 vector %i', (_i, pub, msg, sig, valid) => {
    expect(verifySchnorr(hex.decode(sig.toLowerCase()), hex.decode(msg.toLowerCase()), hex.decode(pub.toLowerCase()))).toBe(valid)
  })

  it('accepts what @scure/btc-signer signs and refuses any changed bit', () => {
    for (let i = 0; i < 8; i++) {
      const priv = u.sha256(new Uint8Array([7, i]))
      const msg = u.sha256(new Uint8Array([i]))
      const der = u.signECDSA(msg, priv)
      const sig = parseStrictDer(der)!
      expect(verifyEcdsa(sig, msg, u.pubECDSA(priv))).toBe(true)
      expect(verifyEcdsa(sig, msg, u.pubECDSA(priv, false))).toBe(true)
      expect(verifyEcdsa({ r: sig.r, s: sig.s ^ 1n }, msg, u.pubECDSA(priv))).toBe(false)
      expect(verifyEcdsa(sig, u.sha256(msg), u.pubECDSA(priv))).toBe(false)
      const schnorr = u.signSchnorr(msg, priv)
      expect(verifySchnorr(schnorr, msg, u.pubSchnorr(priv))).toBe(true)
      schnorr[i + 3]! ^= 0x10
      expect(verifySchnorr(schnorr, msg, u.pubSchnorr(priv))).toBe(false)
    }
  })

  it('parses only strict DER', () => {
    const der = u.signECDSA(u.sha256(new Uint8Array([1])), u.sha256(new Uint8Array([2])))
    expect(parseStrictDer(der)).toBeDefined()
    const padded = new Uint8Array([0x30, der[1]! + 1, 0x02, der[3]! + 1, 0x00, ...der.subarray(4)])
    expect(parseStrictDer(padded)).toBeUndefined() // superfluous leading zero
    const wrongLength = Uint8Array.from(der)
    wrongLength[1]! += 1
    expect(parseStrictDer(wrongLength)).toBeUndefined()
  })
})

// ---------------------------------------------------------------------------------------------
// Core's verdicts on real transactions (bitcoinjs-lib signed them, Core judged them).

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/bitcoin-core/', import.meta.url))

interface FixtureInput {
  txid: string
  vout: number
  value_sats: number
  key_path: string
  type: string
}
interface FixtureCall {
  method: string
  params: unknown
  tx?: { inputs: FixtureInput[]; signature_corrupted?: boolean }
  error?: { code: number; message: string }
  result?: unknown
}

function fixtureTxs(): { file: string; raw: string; inputs: FixtureInput[]; corrupted: boolean; coreMessage?: string }[] {
  const keys = JSON.parse(readFileSync(`${FIXTURES}00-test-keys.json`, 'utf8')) as {
    bip86: { receive_addresses_0_to_2: string[] }
  }
  const out: ReturnType<typeof fixtureTxs> = []
  for (const file of ['04a-broadcast-success.json', '04d-double-spend.json', '04e-min-relay-fee.json', '04f-bad-signature.json', '04g-dust-output.json', '04i-rbf.json', '04j-taproot.json', '04k-immature-coinbase.json']) {
    const calls = JSON.parse(readFileSync(FIXTURES + file, 'utf8')) as FixtureCall[]
    for (const call of calls) {
      if (call.method !== 'sendrawtransaction' || !call.tx) continue
      const raw = (call.params as string[])[0]!
      const bad = call.tx.inputs.some((i) => i.type === 'tr' && !/^m\/86'\/1'\/0'\/0\/[0-2]$/.test(i.key_path))
      if (bad) continue
      out.push({
        file,
        raw,
        inputs: call.tx.inputs.map((i) => ({ ...i, key_path: i.type === 'tr' ? keys.bip86.receive_addresses_0_to_2[Number(i.key_path.split('/').pop())]! : i.key_path })),
        corrupted: call.tx.signature_corrupted === true,
        coreMessage: call.error?.message,
      })
    }
  }
  return out
}

describe.skipIf(!existsSync(FIXTURES))('input checks against Bitcoin Core verdicts (shared fixtures)', () => {
  it('agrees with Core on every recorded p2wpkh and p2tr spend', () => {
    const cases = fixtureTxs()
    expect(cases.length).toBeGreaterThanOrEqual(10)
    let corrupted = 0
    for (const c of cases) {
      const tx = parseTx(hex.decode(c.raw))
      const prevouts = tx.inputs.map((input, i) => {
        const info = c.inputs[i]!
        const script =
          info.type === 'tr'
            ? OutScript.encode(Address(REGTEST).decode(info.key_path)) // key_path replaced by the BIP86 address above
            : OutScript.encode({ type: 'wpkh', hash: hash160(input.witness[1]!) })
        return { value: BigInt(info.value_sats), script }
      })
      const failure = checkInputs(tx, prevouts)
      if (!c.corrupted) {
        expect(failure, `${c.file} ${tx.txid}`).toBeUndefined()
        continue
      }
      corrupted++
      expect(failure?.result.kind).toBe('script')
      const input = tx.inputs[failure!.index]!
      const message =
        `mempool-script-verify-flag-failed (${failure!.result.kind === 'script' ? failure!.result.error : ''}), ` +
        `input ${failure!.index} of ${tx.txid} (wtxid ${tx.wtxid}), spending ${input.txid}:${input.vout}`
      expect(message).toBe(c.coreMessage)
    }
    expect(corrupted).toBe(2) // 04f (ECDSA) and 04j (Schnorr)
  })
})
