import { isBtcLayersError, jsonSafe } from '@btc-layers/core'
import Table from 'cli-table3'
import yoctoSpinner from 'yocto-spinner'

/** Where a command writes: plain text for people, or one JSON document for programs. */
export interface Output {
  readonly json: boolean
  /** A line for people (ignored in --json mode). */
  line(text?: string): void
  /** The command's result as JSON (ignored in text mode). */
  result(value: unknown): void
  table(head: string[], rows: string[][]): void
  /** Runs `work` with a spinner on stderr while it waits on a network (terminals only). */
  spin<T>(text: string, work: () => Promise<T>): Promise<T>
  error(error: unknown): void
}

export function createOutput(options: { json: boolean; stdout?: NodeJS.WriteStream; stderr?: NodeJS.WriteStream }): Output {
  const stdout = options.stdout ?? process.stdout
  const stderr = options.stderr ?? process.stderr
  const json = options.json
  return {
    json,
    line(text = '') {
      if (!json) stdout.write(`${text}\n`)
    },
    result(value) {
      if (json) stdout.write(`${JSON.stringify(jsonSafe(value), null, 2)}\n`)
    },
    table(head, rows) {
      if (json) return
      // No lines between rows: long tables stay readable in a terminal.
      const table = new Table({
        head,
        style: { head: [], border: [] },
        chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
      })
      table.push(...rows)
      stdout.write(`${table.toString()}\n`)
    },
    async spin(text, work) {
      if (json || !stderr.isTTY) return work()
      const spinner = yoctoSpinner({ text, stream: stderr }).start()
      try {
        const value = await work()
        spinner.stop()
        return value
      } catch (error) {
        spinner.stop()
        throw error
      }
    },
    error(error) {
      const typed = isBtcLayersError(error)
      const code = typed ? error.code : 'INTERNAL'
      const message = typed ? error.shortMessage : error instanceof Error ? error.message : String(error)
      if (json) {
        const body = { code, message, ...(typed && error.layer ? { layer: error.layer } : {}), ...(typed ? { details: jsonSafe(error.details) } : {}) }
        stdout.write(`${JSON.stringify({ error: body }, null, 2)}\n`)
      } else {
        stderr.write(`error ${code}${typed && error.layer ? ` (${error.layer})` : ''}: ${message}\n`)
      }
    },
  }
}
