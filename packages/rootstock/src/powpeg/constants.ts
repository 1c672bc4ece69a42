import { type Network, UnsupportedError } from '@btc-layers/core'

/** The Bridge precompiled contract: PowPeg reads (eth_call) and peg-outs (a plain value transfer). */
export const BRIDGE_ADDRESS = '0x0000000000000000000000000000000001000006' as const

/** 1 sat = 10^10 wei: the peg is 1:1 and the Bridge counts whole sats (rskj `Weis.toSatoshis`). */
export const WEI_PER_SAT = 10_000_000_000n

/**
 * Per-network PowPeg rules the Bridge does not expose through its ABI (it does expose the peg-in
 * minimum: read that with `getMinimumLockTxValue()`; `pegInMinimumSats` here is only what rskj
 * ships, for display when no node is at hand).
 *
 * Source: rsksmart/rskj `rskj-core/src/main/java/co/rsk/peg/constants/Bridge{MainNet,TestNet,RegTest}Constants.java`
 * (read in two revisions each; the values below agree in both, except where noted).
 */
export interface PowPegRules {
  /** `minimumPeginTxValue`, sats. The Bridge's `getMinimumLockTxValue()` is authoritative. */
  readonly pegInMinimumSats: bigint
  /** `minimumPegoutTxValue` (older name `minimumPegoutTxValueInSatoshis`), sats. Below it the Bridge refunds the RBTC. */
  readonly pegOutMinimumSats: bigint
  /** `btc2RskMinimumAcceptableConfirmations`: Bitcoin confirmations before the Bridge registers a peg-in. */
  readonly pegInConfirmations: number
  /** `rsk2BtcMinimumAcceptableConfirmations`: Rootstock blocks before a peg-out's BTC transaction is signed. */
  readonly pegOutConfirmations: number
  /** `numberOfBlocksBetweenPegouts`: queued peg-outs are batched into one BTC transaction this often (RSK blocks). */
  readonly pegOutBatchBlocks: number
  /** `minimumPegoutValuePercentageToReceiveAfterFee`: a peg-out whose BTC fee would leave less is refunded. */
  readonly pegOutMinimumPercentAfterFee: number
}

export const POWPEG_RULES: Readonly<Record<'mainnet' | 'testnet' | 'regtest', PowPegRules>> = Object.freeze({
  mainnet: Object.freeze({
    pegInMinimumSats: 500_000n,
    pegOutMinimumSats: 400_000n,
    pegInConfirmations: 100,
    pegOutConfirmations: 4000,
    pegOutBatchBlocks: 360,
    pegOutMinimumPercentAfterFee: 80,
  }),
  testnet: Object.freeze({
    pegInMinimumSats: 500_000n,
    pegOutMinimumSats: 250_000n,
    pegInConfirmations: 10,
    pegOutConfirmations: 10,
    pegOutBatchBlocks: 360,
    pegOutMinimumPercentAfterFee: 80,
  }),
  regtest: Object.freeze({
    // One older rskj revision has Coin.COIN.div(2) (0.5 BTC) here; the node's Bridge answers the truth.
    pegInMinimumSats: 500_000n,
    pegOutMinimumSats: 250_000n,
    pegInConfirmations: 3,
    pegOutConfirmations: 3,
    pegOutBatchBlocks: 50,
    pegOutMinimumPercentAfterFee: 20,
  }),
})

/** The rules for a Rootstock network (mainnet, testnet, regtest). */
export function powPegRules(network: Network): PowPegRules {
  const rules = (POWPEG_RULES as Record<string, PowPegRules | undefined>)[network]
  if (!rules) {
    throw new UnsupportedError(`Rootstock has no PowPeg on ${String(network)}: use mainnet, testnet or regtest.`, {
      code: 'UNSUPPORTED_NETWORK',
      layer: 'rootstock',
      details: { network },
    })
  }
  return rules
}
