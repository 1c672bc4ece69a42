import type { Hex } from './backends/types.js'

/**
 * Serializes sends from one account so concurrent calls get consecutive nonces: each send
 * runs after the previous one has signed and broadcast, and takes max(node's pending count,
 * our next). Our next moves on once a transaction may have reached the node (accepted, or
 * its reply lost); only a definite refusal gives the nonce back.
 */
export class NonceQueue {
  #tail: Promise<unknown> = Promise.resolve()
  #next: number | undefined
  #lastHash: Hex | undefined

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task)
    // The queue continues whether this send succeeded or not.
    this.#tail = result.catch(() => undefined)
    return result
  }

  /**
   * The nonce to use, given the node's pending count. When the node counts fewer than we do,
   * our last transaction may have been dropped (evicted, or the minimum gas price rose): if the
   * node does not know it, the node's count is the truth again, so no nonce gap is left behind.
   */
  async reserve(pending: number, isKnown: (hash: Hex) => Promise<boolean>): Promise<number> {
    if (this.#next !== undefined && pending < this.#next && this.#lastHash && !(await isKnown(this.#lastHash))) {
      this.reset()
    }
    return Math.max(pending, this.#next ?? 0)
  }

  commit(used: number, hash: Hex): void {
    this.#next = used + 1
    this.#lastHash = hash
  }

  /** Forget our count (after a refused send): the node's pending count is the truth again. */
  reset(): void {
    this.#next = undefined
    this.#lastHash = undefined
  }
}
