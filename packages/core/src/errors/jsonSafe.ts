const inspectSymbol = Symbol.for('nodejs.util.inspect.custom')
export { inspectSymbol }

/**
 * Turns a value into something `JSON.stringify` accepts without leaking what it should not:
 * bigints become decimal strings, byte arrays only say how long they are (they may be key
 * material), objects with their own `toJSON` (Amount, Secret, Keyring) speak for themselves.
 */
export function jsonSafe(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[…]'
  if (value === null || value === undefined) return value
  switch (typeof value) {
    case 'bigint':
      return value.toString()
    case 'string':
    case 'number':
    case 'boolean':
      return value
    case 'function':
    case 'symbol':
      return undefined
  }
  if (value instanceof Uint8Array) return `<${value.length} bytes>`
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString()
  const obj = value as { toJSON?: () => unknown }
  if (typeof obj.toJSON === 'function') return jsonSafe(obj.toJSON(), depth + 1)
  if (value instanceof Error) return { name: value.name, message: value.message }
  if (Array.isArray(value)) return value.map((v) => jsonSafe(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = jsonSafe(v, depth + 1)
  return out
}
