/** Shortens long identifiers for one-line route descriptions: `bcrt1qxy…k4f2`. */
export function short(text: string, head = 10, tail = 6): string {
  return text.length <= head + tail + 1 ? text : `${text.slice(0, head)}…${text.slice(-tail)}`
}
