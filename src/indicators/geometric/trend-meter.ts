/**
 * Trend direction and strength in [−1, 1] over the last `window` bars: the log return over the
 * window in units of its own noise, z = ln(p_t / p_{t−k}) / (σ·√k) with σ the sample standard
 * deviation of the k one-bar log returns, squashed by tanh. A move of one standard error gives
 * ±0.76; a flat window gives 0; a window with no noise but a move gives ±1.
 *
 * O(window) per update (σ is recomputed from the window, so nothing drifts over long streams).
 */
import { RingBuffer } from '../core/ring-buffer.ts'

export class TrendMeter {
  readonly window: number
  readonly #logs: RingBuffer

  constructor(window: number) {
    this.window = window
    this.#logs = new RingBuffer(window + 1)
  }

  /** Feeds a positive price; NaN until `window` returns are held. */
  update(price: number): number {
    const logs = this.#logs
    logs.push(Math.log(price))
    if (!logs.full) return Number.NaN
    const k = this.window
    const move = logs.at(k) - logs.at(0)
    const mean = move / k
    let squares = 0
    for (let i = 1; i <= k; i++) {
      const d = logs.at(i) - logs.at(i - 1) - mean
      squares += d * d
    }
    const sigma = k > 1 ? Math.sqrt(squares / (k - 1)) : 0
    if (sigma === 0 || !(sigma * Math.sqrt(k) > Math.abs(move) * 1e-12)) return Math.sign(move)
    return Math.tanh(move / (sigma * Math.sqrt(k)))
  }

  reset(): void {
    this.#logs.clear()
  }
}
