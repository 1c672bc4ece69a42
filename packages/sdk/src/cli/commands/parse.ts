import { InputError } from '@btc-layers/core'
import { parseDestination } from '../../parseDestination.js'
import type { CliConfig } from '../config.js'
import { destinationRows } from '../format.js'
import type { Output } from '../output.js'

/** `btc-layers parse <input>`: what the input is and where it would be paid; needs no mnemonic. */
export async function parseCommand(args: string[], config: CliConfig, out: Output): Promise<void> {
  const [input, ...rest] = args
  if (input === undefined || rest.length > 0) throw new InputError('Usage: btc-layers parse <input> (quote the input if it has & or ?).', { code: 'INVALID_ARGUMENT' })
  const destination = parseDestination(input, { network: config.network })
  out.result(destination)
  out.table([], destinationRows(destination))
}
