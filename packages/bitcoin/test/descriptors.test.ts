import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Keyring } from '@btc-layers/core'
import { describe, expect, it } from 'vitest'
import { descriptorChecksum, exportDescriptors } from '../src/descriptors.js'
import { WalletKeys } from '../src/keys.js'
import { mainnet, regtest } from '../src/networks.js'

const fixtures = path.resolve(__dirname, '../../../../shared/fixtures/bitcoin-core')
const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'

describe('descriptors', () => {
  it('match what Bitcoin Core printed for the test mnemonic (key origin, tpub, checksum)', async () => {
    const keys = new WalletKeys(await Keyring.fromMnemonic(ABANDON), regtest)
    const ours = exportDescriptors(keys).map((d) => d.descriptor)
    // Every descriptor in the recorded fixtures (from Core's getdescriptorinfo/importdescriptors).
    const recorded = readFileSync(path.join(fixtures, '00-test-keys.json'), 'utf8')
    for (const d of ours) expect(recorded).toContain(d)
  })

  it('checksums agree with every checksummed descriptor in the recorded Core replies', () => {
    const text = readFileSync(path.join(fixtures, '02-watch-only-wallet.json'), 'utf8')
    const found = [...text.matchAll(/"((?:wpkh|tr|pkh|sh|wsh|addr|raw)\([^"#]*\))#([a-z0-9]{8})"/g)]
    expect(found.length).toBeGreaterThan(0)
    for (const [, body, checksum] of found) expect(descriptorChecksum(body as string)).toBe(checksum)
  })

  it('use xpub and coin type 0 on mainnet', async () => {
    const keys = new WalletKeys(await Keyring.fromMnemonic(ABANDON), mainnet)
    const [first] = exportDescriptors(keys)
    expect(first?.descriptor).toMatch(/^wpkh\(\[73c5da0a\/84h\/0h\/0h\]xpub[1-9A-HJ-NP-Za-km-z]+\/0\/\*\)#[a-z0-9]{8}$/)
  })
})
