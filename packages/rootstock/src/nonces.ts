/**
 * Serializes sends from one account so concurrent calls get consecutive nonces: each send
 * runs after the previous one has signed and broadcast, takes max(node's pending count,
 * our next), and moves our next on only when the node accepted the transaction.
 */
export class NonceQueue {
  #tail: Promise<unknown> = Promise.resolve()
  #next: number | undefined

  run<T>(task: (reserve: (pending: number) => number, commit: (used: number) => void) => Promise<T>): Promise<T> {
    const result = this.#tail.then(() =>
      task(
        (pending) => Math.max(pending, this.#next ?? 0),
        (used) => {
          this.#next = used + 1
        },
      ),
    )
    // The queue continues whether this send succeeded or not.
    this.#tail = result.catch(() => undefined)
    return result
  }

  /** Forget our count (after a refused send): the node's pending count is the truth again. */
  reset(): void {
    this.#next = undefined
  }
}
