/**
 * The market-phase decision table: from five measurements of market geometry to a phase label,
 * a confidence and three trading controls. Pure and allocation-free, so the composite indicator
 * can call it per bar; the thresholds are parameters, the table is documented in
 * docs/indicators.md ("Market phase").
 *
 * Reading of the measurements:
 * - consensus R (multi-scale Kuramoto): how phase-locked the price is at each scale; high means
 *   an organised move, low means noise;
 * - coherence: whether the scales agree in phase — a move seen alike at 1m and 1h;
 * - curvature κ (Ollivier–Ricci, mean over the price graph): positive when the visited price
 *   levels are densely interlinked (mean-reverting congestion), negative when they form a
 *   tree-like, stretched path (a breakout leaving levels behind);
 * - temporal Δκ: how that curvature moved since the previous window; falling curvature while
 *   synchronised means the structure is dissolving;
 * - transition τ ∈ [0, 1]: how much the price graph itself was rewired between windows.
 *
 * Rules, first match wins:
 * 1. transition      τ ≥ transitionMin: the topology is being rewired; stand aside, tighten.
 * 2. chaotic         R < consensusLow: no synchrony; no entries, half risk.
 * 3. strong-emergent R ≥ consensusHigh, coherence ≥ coherenceMin, κ ≤ curvatureMax: a
 *                    synchronised move across scales on a stretched (weakly interlinked) graph;
 *                    enter with the trend.
 * 4. post-emergent   Δκ ≤ −temporalDrop: synchrony is present but the structure is dissolving;
 *                    exit.
 * 5. proto-emergent  otherwise: synchrony is forming; small entries with the trend.
 */
export const MARKET_PHASES = [
  'chaotic',
  'proto-emergent',
  'strong-emergent',
  'transition',
  'post-emergent',
] as const
export type MarketPhaseLabel = (typeof MARKET_PHASES)[number]

export interface PhaseMeasurements {
  /** Multi-scale Kuramoto consensus R, in [0, 1]. */
  readonly consensus: number
  /** Cross-scale phase coherence, in [0, 1]. */
  readonly coherence: number
  /** Mean Ollivier–Ricci curvature of the price graph. */
  readonly curvature: number
  /** Change of the mean curvature since the previous window. */
  readonly temporal: number
  /** Topological transition score, in [0, 1]. */
  readonly transition: number
  /** Direction and strength of the trend, in [−1, 1]. */
  readonly trend: number
}

export interface PhaseThresholds {
  readonly consensusLow: number
  readonly consensusHigh: number
  readonly coherenceMin: number
  readonly curvatureMax: number
  readonly temporalDrop: number
  readonly transitionMin: number
}

/**
 * Defaults calibrated on the bundled data (the simulated minute universe and the daily S&P 500):
 * consensus R of a 32-sample window sits between about 0.09 and 0.17 (10th to 90th percentile),
 * the transition score between non-overlapping windows has a median of 0.8 to 0.93, mean
 * curvature spans 0.1 to 1. With these thresholds every label occurs on both data sets. They are
 * parameters: calibrate them per market and timeframe.
 */
export const DEFAULT_PHASE_THRESHOLDS: PhaseThresholds = {
  consensusLow: 0.1,
  consensusHigh: 0.15,
  coherenceMin: 0.6,
  curvatureMax: 0.3,
  temporalDrop: 0.1,
  transitionMin: 0.95,
}

export interface PhaseReading {
  phase: MarketPhaseLabel
  /** How far inside its rule's region the measurements sit, in [0, 1]. */
  confidence: number
  /** Suggested position direction and size, in [−1, 1]; 0 means stay out. */
  entry: number
  /** How urgently an open position should be closed, in [0, 1]. */
  exitUrgency: number
  /** Scale for position size and risk limits, in [0, 1]. */
  riskMultiplier: number
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x
}

/** Margin of x beyond a threshold, as a fraction of the room on that side, in [0, 1]. */
function margin(x: number, threshold: number, room: number): number {
  return room <= 0 ? 1 : clamp01((x - threshold) / room)
}

/** Classifies one set of measurements into `out` (reused by the caller to avoid allocation). */
export function classifyMarketPhase(
  m: PhaseMeasurements,
  t: PhaseThresholds,
  out: PhaseReading = { phase: 'chaotic', confidence: 0, entry: 0, exitUrgency: 0, riskMultiplier: 0 },
): PhaseReading {
  const trend = Math.max(-1, Math.min(1, m.trend))
  if (m.transition >= t.transitionMin) {
    out.phase = 'transition'
    out.confidence = 0.5 + 0.5 * margin(m.transition, t.transitionMin, 1 - t.transitionMin)
    out.entry = 0
    out.exitUrgency = clamp01(m.transition)
    out.riskMultiplier = clamp01(1 - m.transition)
  } else if (m.consensus < t.consensusLow) {
    out.phase = 'chaotic'
    out.confidence = 0.5 + 0.5 * margin(t.consensusLow - m.consensus, 0, t.consensusLow)
    out.entry = 0
    out.exitUrgency = 0.5 * clamp01(1 - m.consensus / t.consensusLow)
    out.riskMultiplier = 0.5
  } else if (
    m.consensus >= t.consensusHigh &&
    m.coherence >= t.coherenceMin &&
    m.curvature <= t.curvatureMax
  ) {
    out.phase = 'strong-emergent'
    out.confidence =
      0.5 +
      0.5 *
        Math.min(
          margin(m.consensus, t.consensusHigh, 1 - t.consensusHigh),
          margin(m.coherence, t.coherenceMin, 1 - t.coherenceMin),
        )
    out.entry = trend * m.consensus * m.coherence
    out.exitUrgency = 0
    out.riskMultiplier = 1
  } else if (m.temporal <= -t.temporalDrop) {
    out.phase = 'post-emergent'
    out.confidence = 0.5 + 0.5 * margin(-m.temporal, t.temporalDrop, t.temporalDrop)
    out.entry = 0
    out.exitUrgency = clamp01(-m.temporal / (2 * t.temporalDrop))
    out.riskMultiplier = 0.5
  } else {
    out.phase = 'proto-emergent'
    const span = t.consensusHigh - t.consensusLow
    out.confidence = 0.5 + 0.5 * (1 - Math.abs(2 * margin(m.consensus, t.consensusLow, span) - 1))
    out.entry = 0.5 * trend * m.consensus
    out.exitUrgency = 0
    out.riskMultiplier = 0.75
  }
  return out
}
