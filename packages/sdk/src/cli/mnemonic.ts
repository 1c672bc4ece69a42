import { InputError, Secret } from '@btc-layers/core'

export interface WalletSecret {
  mnemonic: Secret<string>
  passphrase: Secret<string>
}

/**
 * The mnemonic from BTC_LAYERS_MNEMONIC, else a hidden prompt on a terminal. Never from argv:
 * arguments end up in shell history and in every `ps` listing.
 */
export async function readWalletSecret(env: NodeJS.ProcessEnv = process.env): Promise<WalletSecret> {
  const passphrase = new Secret(env.BTC_LAYERS_PASSPHRASE ?? '')
  const fromEnv = env.BTC_LAYERS_MNEMONIC
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { mnemonic: new Secret(fromEnv), passphrase }
  if (!process.stdin.isTTY) {
    throw new InputError('No mnemonic: set BTC_LAYERS_MNEMONIC, or run in a terminal to be asked for it (it is never read from the command line).', {
      code: 'INVALID_MNEMONIC',
    })
  }
  const { default: password } = await import('@inquirer/password')
  const words = await password({ message: 'Mnemonic (hidden):', mask: false }, { output: process.stderr })
  return { mnemonic: new Secret(words), passphrase }
}
