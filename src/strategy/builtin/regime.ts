/**
 * The regime strategy: positions taken from the market-phase composite (docs/indicators.md,
 * "Market phase: the composite"), per instrument, on the close of every bar once the composite is
 * warm. The rules, in order (docs/strategies.md states them with the same numbers):
 *
 * 1. phase chaotic, transition or post-emergent: flat — no synchrony, a rewiring graph or a
 *    dissolving structure is no place to hold a position;
 * 2. phase proto- or strong-emergent (synchrony forming or established):
 *    - trend ≥ minTrend: long; trend ≤ −minTrend: short with `allowShort`, else flat;
 *    - |trend| < minTrend: no change (the drift is too weak to act on either way);
 *    - size: `fraction × confidence × riskMultiplier` of equity in whole lots, so a
 *      strong-emergent reading deep in its region (confidence 1, risk 1) takes the full fraction
 *      and a proto-emergent one at its boundary (½, ¾) three-eighths of it;
 * 3. an order is sent when the direction changes or the wanted size differs from the last
 *    ordered one by more than `rebalance` of it — not every bar, as confidence wobbles.
 *
 * Timeframes: `auto` takes 1, 5, 15 and 60 times the bar interval of the instrument's series
 * (daily bars: 1d, 5d, 15d, 60d; minute bars: 1m, 5m, 15m, 1h), so the defaults work on both.
 * The composite's thresholds are parameters, passed through unchanged.
 */
import { z } from 'zod'
import type { InstrumentId } from '../../domain/instrument.ts'
import { intervalFromMillis } from '../../domain/time.ts'
import { MarketPhase, marketPhaseParams } from '../../indicators/geometric/market-phase.ts'
import { MARKET_PHASES } from '../../indicators/geometric/market-phase-rules.ts'
import { defineStrategy } from '../define.ts'
import { instrumentOf, lotsForFraction } from '../sizing.ts'
import type { StrategyContext } from '../types.ts'

const phase = marketPhaseParams.shape
const SCALES = [1, 5, 15, 60] as const
const HOLDING_PHASES: ReadonlySet<number> = new Set([
  MARKET_PHASES.indexOf('proto-emergent'),
  MARKET_PHASES.indexOf('strong-emergent'),
])

export const regimeParams = z
  .strictObject({
    timeframes: z
      .union([z.literal('auto'), phase.timeframes.unwrap()])
      .default('auto')
      .describe('Market-phase timeframes, or "auto": 1, 5, 15 and 60 bar intervals'),
    phaseWindow: phase.phaseWindow,
    curvatureWindow: phase.curvatureWindow,
    delta: phase.delta,
    alpha: phase.alpha,
    trendWindow: phase.trendWindow,
    consensusLow: phase.consensusLow,
    consensusHigh: phase.consensusHigh,
    coherenceMin: phase.coherenceMin,
    curvatureMax: phase.curvatureMax,
    temporalDrop: phase.temporalDrop,
    transitionMin: phase.transitionMin,
    minTrend: z
      .number()
      .min(0)
      .max(1)
      .default(0.2)
      .describe('Trend reading (−1…1) a position needs, either way'),
    allowShort: z.boolean().default(false).describe('Go short on a negative trend (else flat)'),
    fraction: z
      .number()
      .positive()
      .max(1)
      .default(0.95)
      .describe('Fraction of equity at confidence 1 and risk 1'),
    rebalance: z
      .number()
      .min(0)
      .default(0.25)
      .describe('Relative change of the wanted size that triggers a resize of a held position'),
  })
  .refine((p) => p.consensusLow < p.consensusHigh, {
    path: ['consensusLow'],
    message: 'consensusLow must be below consensusHigh',
  })
export type RegimeParams = z.output<typeof regimeParams>

interface Leg {
  readonly phase: MarketPhase
  readonly row: { time: number; value: number }
  /** Signed lots last ordered. */
  target: number
}

function timeframesFor(p: RegimeParams, barMillis: number): string[] {
  if (p.timeframes !== 'auto') return p.timeframes
  return SCALES.map((k) => intervalFromMillis(k * barMillis).label)
}

export const regime = defineStrategy({
  name: 'regime',
  title: 'Market-phase regime',
  description:
    'Holds a position sized by the market-phase confidence while the market is proto- or strong-emergent with a clear trend; flat in chaotic, transition and post-emergent phases.',
  params: regimeParams,
  // The trading rules and the trend window; the composite's thresholds keep their defaults.
  space: {
    trendWindow: { int: [32, 128], step: 32 },
    minTrend: { float: [0.05, 0.5], step: 0.05 },
    rebalance: { float: [0.1, 0.5], step: 0.1 },
  },
  create(p: RegimeParams) {
    const legs = new Map<InstrumentId, Leg>()
    return {
      onStart(ctx: StrategyContext) {
        for (const instrument of ctx.instruments) {
          const timeframes = timeframesFor(p, ctx.history(instrument.id).interval.ms)
          legs.set(instrument.id, {
            phase: new MarketPhase({
              timeframes,
              phaseWindow: p.phaseWindow,
              curvatureWindow: p.curvatureWindow,
              delta: p.delta,
              alpha: p.alpha,
              trendWindow: p.trendWindow,
              consensusLow: p.consensusLow,
              consensusHigh: p.consensusHigh,
              coherenceMin: p.coherenceMin,
              curvatureMax: p.curvatureMax,
              temporalDrop: p.temporalDrop,
              transitionMin: p.transitionMin,
            }),
            row: { time: 0, value: 0 },
            target: 0,
          })
        }
      },
      onBar(ctx, { instrumentId, bar }) {
        const leg = legs.get(instrumentId)
        if (leg === undefined) return
        leg.row.time = bar.openTime
        leg.row.value = bar.close
        const reading = leg.phase.update(leg.row)
        if (Number.isNaN(reading.phase)) return
        const label = MARKET_PHASES[reading.phase] ?? 'chaotic'
        let wanted: number
        if (!HOLDING_PHASES.has(reading.phase)) {
          wanted = 0
        } else if (Math.abs(reading.trend) < p.minTrend) {
          return
        } else {
          const direction = reading.trend > 0 ? 1 : p.allowShort ? -1 : 0
          const size = p.fraction * reading.confidence * reading.riskMultiplier
          wanted = direction * lotsForFraction(instrumentOf(ctx, instrumentId), size, ctx.equity(), bar.close)
        }
        const sameSide = Math.sign(wanted) === Math.sign(leg.target)
        if (sameSide && Math.abs(wanted - leg.target) <= p.rebalance * Math.abs(leg.target)) return
        // Not even one lot fits: keep what is held rather than close it for want of equity.
        if (
          wanted === 0 &&
          HOLDING_PHASES.has(reading.phase) &&
          Math.sign(leg.target) === Math.sign(reading.trend)
        )
          return
        ctx.targetPosition(instrumentId, wanted, `${label}, trend ${reading.trend.toFixed(2)}`)
        leg.target = wanted
      },
    }
  },
})
