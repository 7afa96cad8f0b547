/**
 * The market-phase composite: multi-scale Kuramoto synchrony, Ollivier–Ricci curvature of the
 * price graph (static, temporal and the transition score) and the trend, fused by the decision
 * table of market-phase-rules.ts into a phase label with a confidence, an entry signal, an exit
 * urgency and a risk multiplier.
 *
 * The phase label is discontinuous in its inputs — a measurement a hair either side of a
 * threshold picks a different label — so the batch face runs the very same streaming machinery
 * row by row rather than a separate vectorised path: the two faces are then identical to the bit,
 * not merely within 1e-9. Every component is causal, so the composite is too.
 *
 * Output `phase` is the label's index in MARKET_PHASES (0 chaotic, 1 proto-emergent,
 * 2 strong-emergent, 3 transition, 4 post-emergent). The measurements the label was decided on
 * (consensus, coherence, curvature, temporal, transition, trend) are outputs too, so a reader
 * can see why — and need not compute the components a second time.
 */
import { z } from 'zod'
import { type OutputRange, defineIndicator } from '../core/definition.ts'
import { numberParam, windowParam } from '../core/params.ts'
import type { StreamingIndicator } from '../core/streaming.ts'
import {
  DEFAULT_PHASE_THRESHOLDS as D,
  MARKET_PHASES,
  type PhaseMeasurements,
  type PhaseReading,
  classifyMarketPhase,
} from './market-phase-rules.ts'
import { multiscaleKuramotoIndicator, multiscaleKuramotoParams } from './multiscale-kuramoto.ts'
import { RICCI_RANGES, ricciIndicator, ricciParams } from './ricci.ts'
import { TrendMeter } from './trend-meter.ts'

export const marketPhaseParams = z
  .strictObject({
    timeframes: multiscaleKuramotoParams.shape.timeframes,
    phaseWindow: windowParam(32, 'Values per timeframe in the multi-scale Kuramoto analysis', 8),
    curvatureWindow: windowParam(128, 'Prices in the price graph whose Ricci curvature is measured', 3),
    delta: ricciParams.shape.delta,
    alpha: ricciParams.shape.alpha,
    trendWindow: windowParam(64, 'Bars over which the trend direction and strength are measured', 2),
    consensusLow: numberParam(D.consensusLow, 'Consensus R below which the market is chaotic', 0, 1),
    consensusHigh: numberParam(D.consensusHigh, 'Consensus R from which a move can be strong-emergent', 0, 1),
    coherenceMin: numberParam(D.coherenceMin, 'Cross-scale coherence a strong-emergent move needs', 0, 1),
    curvatureMax: numberParam(
      D.curvatureMax,
      'Mean Ricci curvature at or below which the graph is stretched',
      -2,
      1,
    ),
    temporalDrop: numberParam(
      D.temporalDrop,
      'Fall in mean curvature that marks a dissolving structure',
      0,
      3,
    ),
    transitionMin: numberParam(
      D.transitionMin,
      'Transition score from which the phase is a transition',
      0,
      1,
    ),
  })
  .refine((p) => p.consensusLow < p.consensusHigh, {
    path: ['consensusLow'],
    message: 'consensusLow must be below consensusHigh',
  })
export type MarketPhaseParams = z.input<typeof marketPhaseParams>
type Resolved = z.output<typeof marketPhaseParams>

type Measurement = keyof PhaseMeasurements
type Output = 'phase' | 'confidence' | 'entry' | 'exitUrgency' | 'riskMultiplier' | Measurement
const MEASUREMENTS: readonly Measurement[] = [
  'consensus',
  'coherence',
  'curvature',
  'temporal',
  'transition',
  'trend',
]
const OUTPUTS: readonly Output[] = [
  'phase',
  'confidence',
  'entry',
  'exitUrgency',
  'riskMultiplier',
  ...MEASUREMENTS,
]

/** The label's index, the reading's documented bounds, and those of the measurements it is read from. */
const RANGES: Readonly<Record<Output, OutputRange>> = {
  phase: { min: 0, max: MARKET_PHASES.length - 1 },
  confidence: { min: 0.5, max: 1 },
  entry: { min: -1, max: 1 },
  exitUrgency: { min: 0, max: 1 },
  riskMultiplier: { min: 0, max: 1 },
  consensus: { min: 0, max: 1 },
  coherence: { min: 0, max: 1 },
  ...RICCI_RANGES,
  trend: { min: -1, max: 1 },
}

function componentParams(p: Resolved): {
  kuramoto: z.output<typeof multiscaleKuramotoParams>
  ricci: z.output<typeof ricciParams>
} {
  return {
    kuramoto: multiscaleKuramotoIndicator.resolve({ timeframes: p.timeframes, window: p.phaseWindow }),
    ricci: ricciIndicator.resolve({ window: p.curvatureWindow, delta: p.delta, alpha: p.alpha }),
  }
}

/** Streaming market phase over (time, close) rows. The returned row is reused. */
export class MarketPhase implements StreamingIndicator<
  { time: number; value: number },
  Readonly<Record<Output, number>>
> {
  readonly #kuramoto
  readonly #ricci
  readonly #trend: TrendMeter
  readonly #params: Resolved
  readonly #reading: PhaseReading = {
    phase: 'chaotic',
    confidence: 0,
    entry: 0,
    exitUrgency: 0,
    riskMultiplier: 0,
  }
  readonly #row = { time: 0, value: 0 }
  readonly #measurements: Record<Measurement, number> = {
    consensus: Number.NaN,
    coherence: Number.NaN,
    curvature: Number.NaN,
    temporal: Number.NaN,
    transition: Number.NaN,
    trend: Number.NaN,
  }
  readonly #out = Object.fromEntries(OUTPUTS.map((name) => [name, Number.NaN])) as Record<Output, number>

  constructor(params: MarketPhaseParams = {}) {
    this.#params = marketPhaseIndicator.resolve(params)
    const components = componentParams(this.#params)
    this.#kuramoto = multiscaleKuramotoIndicator.stream(components.kuramoto)
    this.#ricci = ricciIndicator.stream(components.ricci)
    this.#trend = new TrendMeter(this.#params.trendWindow)
  }

  update(input: { time: number; value: number }): Readonly<Record<Output, number>> {
    const out = this.#out
    if (!(input.value - input.value === 0) || !(input.time - input.time === 0)) {
      for (const name of OUTPUTS) out[name] = Number.NaN
      return out
    }
    this.#row.time = input.time
    this.#row.value = input.value
    const sync = this.#kuramoto.update(this.#row)
    const curvature = this.#ricci.update(this.#row)
    const m = this.#measurements
    m.consensus = sync.consensus
    m.coherence = sync.coherence
    m.curvature = curvature.curvature
    m.temporal = curvature.temporal
    m.transition = curvature.transition
    m.trend = this.#trend.update(input.value)
    for (const name of MEASUREMENTS) {
      if (Number.isNaN(m[name])) {
        for (const output of OUTPUTS) out[output] = Number.NaN
        return out
      }
    }
    const reading = classifyMarketPhase(m, this.#params, this.#reading)
    out.phase = MARKET_PHASES.indexOf(reading.phase)
    out.confidence = reading.confidence
    out.entry = reading.entry
    out.exitUrgency = reading.exitUrgency
    out.riskMultiplier = reading.riskMultiplier
    for (const name of MEASUREMENTS) out[name] = m[name]
    return out
  }

  reset(): void {
    this.#kuramoto.reset()
    this.#ricci.reset()
    this.#trend.reset()
  }
}

export const marketPhaseIndicator = defineIndicator({
  name: 'market-phase',
  title: 'Market phase',
  category: 'geometric',
  description:
    'Multi-scale Kuramoto synchrony, Ricci curvature and trend fused into a phase label (0 chaotic … 4 post-emergent), a confidence, an entry signal in [−1, 1], an exit urgency and a risk multiplier; the six measurements behind the label are outputs too.',
  inputs: ['time', 'value'],
  outputs: OUTPUTS,
  params: marketPhaseParams,
  ranges: () => RANGES,
  warmup: (p, time) => {
    const c = componentParams(p)
    return Math.max(
      multiscaleKuramotoIndicator.warmup(c.kuramoto, time),
      ricciIndicator.warmup(c.ricci),
      p.trendWindow,
    )
  },
  batch: (inputs, p) => {
    const n = inputs.value.length
    const columns = Object.fromEntries(OUTPUTS.map((name) => [name, new Float64Array(n)])) as Record<
      Output,
      Float64Array
    >
    const stream = new MarketPhase(p)
    const row = { time: 0, value: 0 }
    for (let i = 0; i < n; i++) {
      row.time = inputs.time[i]!
      row.value = inputs.value[i]!
      const out = stream.update(row)
      for (const name of OUTPUTS) columns[name][i] = out[name]
    }
    return columns
  },
  stream: (p) => {
    const inner = new MarketPhase(p)
    return {
      update: (row) => inner.update(row),
      reset: () => {
        inner.reset()
      },
    }
  },
})

/** The market phase of a (time, close) series. */
export function marketPhase(
  time: Float64Array,
  close: Float64Array,
  params: MarketPhaseParams = {},
): Record<Output, Float64Array> {
  return marketPhaseIndicator.compute({ time, value: close }, params)
}
