import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

/** Compiles a fixture contract with solc-js (the official compiler, from npm) and returns ABI + bytecode. */
export function compileFixture(file: string, contract: string): { abi: unknown[]; bytecode: `0x${string}` } {
  const require = createRequire(import.meta.url)
  const solc = require('solc') as { compile(input: string): string }
  const source = readFileSync(path.resolve(__dirname, '../fixtures', file), 'utf8')
  const input = {
    language: 'Solidity',
    sources: { [file]: { content: source } },
    settings: { evmVersion: 'berlin', outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[]
    contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>
  }
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join('\n'))
  const compiled = output.contracts[file]?.[contract]
  if (!compiled) throw new Error(`solc produced no ${contract}`)
  return { abi: compiled.abi, bytecode: `0x${compiled.evm.bytecode.object}` }
}
