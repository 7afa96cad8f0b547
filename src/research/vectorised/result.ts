/**
 * What the fast path reports per combination: the figures `computeMetrics` gives for the same
 * run (same definitions, same annualisation; docs/backtest-results.md), the counts of orders,
 * fills and round trips, and how often the run left what the fast path models.
 */
export interface VectorResult {
  /** The combination's parameters as the strategy's schema completed them. */
  readonly params: Readonly<Record<string, unknown>>
  /** The last recorded equity point (every `equityEvery` bars). */
  readonly finalEquity: number
  /** finalEquity / initialCapital − 1. */
  readonly totalReturn: number | null
  /** Mean / sample standard deviation of the equity points' returns × √(periods per year). */
  readonly sharpe: number | null
  /** Worst fall from a running peak of the equity points, as a fraction of the peak. */
  readonly maxDrawdown: number
  /** Orders sent, the refused ones included (the engine's `orders`). */
  readonly orders: number
  /** Orders refused by the position limit (`risk.maxPositionFraction`). */
  readonly refused: number
  readonly fills: number
  /** Round trips, the one still open at the end included (the engine's `trades`). */
  readonly trades: number
  /** Share of the equity intervals that start with a position. */
  readonly exposure: number | null
  /** Commission paid, account currency. */
  readonly fees: number
  /** What slippage cost against the unslipped fill prices, account currency. */
  readonly slippage: number
  /**
   * Fills larger than participation × their bar's volume. The engine would have filled them over
   * several bars; a combination with any is not what the engine would report.
   */
  readonly participationExceeded: number
  /** The equity points, when the sweep was asked for them. */
  readonly equity?: Float64Array
}
