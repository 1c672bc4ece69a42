// The btc-layers CLI: parse, addresses, balance, send, demo. Node-only.
import { parseArgs } from 'node:util'
import { AbortedError, InputError } from '@btc-layers/core'
import { CONFIG_FILE, loadConfig } from './config.js'
import { EXIT_OK, EXIT_USER, exitCodeOf } from './exitCodes.js'
import { createOutput } from './output.js'

const HELP = `btc-layers: one wallet over Bitcoin L1, Lightning and Rootstock

Usage
  btc-layers parse <input>            what a pasted input is and which layer pays it
  btc-layers addresses                your addresses on every layer
  btc-layers balance                  every layer's balance and the BTC total
  btc-layers send <input> [amount]    quote (layer, route, amount, fee, total), ask, then send
  btc-layers demo                     a fresh wallet on local networks, step by step

Options
  --network <name>    mainnet (default), testnet, signet or regtest
  --json              one JSON document on stdout (errors too)
  --config <file>     settings file (default ./${CONFIG_FILE})
  --from <layer>      send: pay from this layer (a BIP21's on-chain address: --from bitcoin)
  --fee-rate <rate>   send: fast, normal, slow, or sat/vB on Bitcoin
  -y, --yes           send: do not ask before signing
  -h, --help          this text

The mnemonic comes from BTC_LAYERS_MNEMONIC (and BTC_LAYERS_PASSPHRASE), or a hidden prompt;
never from the command line. Backends come from ${CONFIG_FILE} or the environment:
BTC_LAYERS_ESPLORA_URL | BTC_LAYERS_BITCOIN_CORE_URL (+ _AUTH user:password),
BTC_LAYERS_LND_URL + BTC_LAYERS_LND_MACAROON | BTC_LAYERS_CLN_URL + BTC_LAYERS_CLN_RUNE,
BTC_LAYERS_ROOTSTOCK_URL, BTC_LAYERS_NETWORK.

Exit codes: 0 done, 1 your input or choice (the error code is printed), 2 a backend failed.`

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json')
  const out = createOutput({ json })
  try {
    const { values, positionals } = readArgs(argv)
    if (values.help) {
      process.stdout.write(`${HELP}\n`)
      return EXIT_OK
    }
    if (positionals.length === 0) {
      if (json) throw new InputError('No command: use parse, addresses, balance, send or demo (btc-layers --help).', { code: 'INVALID_ARGUMENT' })
      process.stdout.write(`${HELP}\n`)
      return EXIT_USER
    }
    const [command, ...args] = positionals as [string, ...string[]]
    const config = await loadConfig({ ...(values.config === undefined ? {} : { path: values.config }), ...(values.network === undefined ? {} : { network: values.network }) })
    switch (command) {
      // Each command is loaded when run, so `--help` and `parse` do not load every layer.
      case 'parse':
        await (await import('./commands/parse.js')).parseCommand(args, config, out)
        return EXIT_OK
      case 'addresses':
        await (await import('./commands/addresses.js')).addressesCommand(args, config, out)
        return EXIT_OK
      case 'balance':
        return await (await import('./commands/balance.js')).balanceCommand(args, config, out)
      case 'send':
        await (await import('./commands/send.js')).sendCommand(args, { yes: values.yes === true, ...(values.from ? { from: values.from } : {}), ...(values['fee-rate'] ? { feeRate: values['fee-rate'] } : {}) }, config, out)
        return EXIT_OK
      case 'demo':
        await (await import('./commands/demo.js')).demoCommand(out)
        return EXIT_OK
      default:
        throw new InputError(`Unknown command "${command.slice(0, 20)}": use parse, addresses, balance, send or demo (btc-layers --help).`, { code: 'INVALID_ARGUMENT' })
    }
  } catch (thrown) {
    // Ctrl-C at a prompt: @inquirer rejects with ExitPromptError, which means "declined".
    const error = (thrown as Error)?.name === 'ExitPromptError' ? new AbortedError('Stopped at the prompt: nothing was sent.') : thrown
    out.error(error)
    return exitCodeOf(error)
  }
}

function readArgs(argv: string[]) {
  // Refused by name: a mnemonic on the command line lands in shell history and `ps` output.
  if (argv.some((a) => /^--(mnemonic|seed|passphrase|xprv)\b/.test(a))) {
    throw new InputError('Secrets are never read from the command line (shell history, ps): set BTC_LAYERS_MNEMONIC, or let btc-layers ask.', {
      code: 'INVALID_ARGUMENT',
    })
  }
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        network: { type: 'string' },
        json: { type: 'boolean' },
        config: { type: 'string' },
        from: { type: 'string' },
        'fee-rate': { type: 'string' },
        yes: { type: 'boolean', short: 'y' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    throw new InputError(`${error instanceof Error ? error.message.split('\n')[0] : String(error)} (btc-layers --help)`, { code: 'INVALID_ARGUMENT' })
  }
}
