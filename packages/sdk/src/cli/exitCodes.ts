import { BackendError, isBtcLayersError } from '@btc-layers/core'

/** The CLI's exit codes: 0 done, 1 the user's input or choice, 2 a backend (or this program) failed. */
export const EXIT_OK = 0
export const EXIT_USER = 1
export const EXIT_BACKEND = 2

/** A missing backend is a configuration matter (the user's); every other backend failure is 2. */
export function exitCodeOf(error: unknown): number {
  if (!isBtcLayersError(error)) return EXIT_BACKEND
  if (error instanceof BackendError && error.code !== 'NO_BACKEND') return EXIT_BACKEND
  return EXIT_USER
}
