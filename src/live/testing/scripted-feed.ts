/**
 * A feed a test drives: `push` hands over a group of bars, `end` ends the feed. `next` waits for
 * whichever comes first, so a test decides exactly when the strategy sees each bar — between
 * faults it injects into a venue.
 */
import type { BarFeed, FeedGroup } from '../bar-feed.ts'

export class ScriptedFeed implements BarFeed {
  readonly #queue: (FeedGroup | undefined)[] = []
  #wake: (() => void) | undefined

  push(group: FeedGroup): void {
    this.#queue.push(group)
    this.#wake?.()
  }

  end(): void {
    this.#queue.push(undefined)
    this.#wake?.()
  }

  /** Groups pushed and not yet taken. */
  get waiting(): number {
    return this.#queue.length
  }

  async next(signal: AbortSignal): Promise<FeedGroup | undefined> {
    while (this.#queue.length === 0) {
      if (signal.aborted) return undefined
      await new Promise<void>((resolve) => {
        this.#wake = resolve
        signal.addEventListener(
          'abort',
          () => {
            resolve()
          },
          { once: true },
        )
      })
      this.#wake = undefined
    }
    return this.#queue.shift()
  }

  close(): Promise<void> {
    return Promise.resolve()
  }
}
