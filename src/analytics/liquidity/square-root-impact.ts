/**
 * The square-root market-impact model (docs/analytics.md#square-root-impact): the cost of
 * executing q against a market volume V with volatility σ is I ≈ k·σ·√(q/V) (Almgren, Thum,
 * Hauptmann & Li 2005; Tóth et al. 2011). k is fitted by least squares through the origin on
 * xᵢ = σᵢ·√(qᵢ/Vᵢ), yᵢ = Iᵢ (fractions, such as 0.001 for 10 bps):
 *
 *   k = Σxᵢyᵢ / Σxᵢ², SE(k) = √(SSres/(n − 1) / Σxᵢ²), R² = 1 − SSres / Σyᵢ²
 *
 * (the uncentred R², the one that fits a line through the origin). A planned order of q at
 * participation rate ρ of a daily volume V_d with daily volatility σ_d takes T = q/(ρ·V_d) days,
 * meets a volume q/ρ and a volatility σ_d·√T, so its forecast cost is k·σ_d·√T·√ρ — which is
 * k·σ_d·√(q/V_d) when it takes exactly one day.
 */
import { TradePulseError } from '../../domain/errors.ts'

export interface ImpactObservation {
  /** Realised cost as a fraction of the arrival price (implementation shortfall / 10⁴). */
  readonly cost: number
  /** Volatility over the execution (or daily), as a fraction. */
  readonly volatility: number
  readonly quantity: number
  /** Market volume over the same period as the volatility. */
  readonly volume: number
}

export interface ImpactFit {
  readonly k: number
  readonly standardError: number | null
  readonly rSquared: number | null
  readonly observations: number
}

export function fitSquareRootImpact(observations: readonly ImpactObservation[]): ImpactFit {
  let sxx = 0
  let sxy = 0
  let syy = 0
  const xs: number[] = []
  for (const [i, o] of observations.entries()) {
    if (!(o.volume > 0 && o.quantity >= 0 && o.volatility >= 0 && Number.isFinite(o.cost))) {
      throw new TradePulseError(
        'ANALYTICS_INVALID_INPUT',
        'needs volume > 0, quantity ≥ 0, volatility ≥ 0, a finite cost',
        {
          field: `observations[${i}]`,
        },
      )
    }
    const x = o.volatility * Math.sqrt(o.quantity / o.volume)
    xs.push(x)
    sxx += x * x
    sxy += x * o.cost
    syy += o.cost * o.cost
  }
  if (sxx === 0) {
    throw new TradePulseError(
      'ANALYTICS_INVALID_INPUT',
      'no observation with a quantity and a volatility to fit k on',
      {
        field: 'observations',
      },
    )
  }
  const k = sxy / sxx
  let ssres = 0
  for (const [i, o] of observations.entries()) ssres += (o.cost - k * xs[i]!) ** 2
  const n = observations.length
  return {
    k,
    standardError: n > 1 ? Math.sqrt(ssres / (n - 1) / sxx) : null,
    rSquared: syy > 0 ? 1 - ssres / syy : null,
    observations: n,
  }
}

export interface PlannedOrder {
  readonly quantity: number
  readonly dailyVolume: number
  readonly dailyVolatility: number
  /** ρ in (0, 1]: the share of the market volume the order may take. */
  readonly participation: number
}

export interface ImpactForecast {
  readonly durationDays: number
  /** Expected cost as a fraction of the arrival price. */
  readonly cost: number
  readonly costBps: number
}

export function forecastImpact(k: number, order: PlannedOrder): ImpactForecast {
  if (!(order.participation > 0 && order.participation <= 1) || !(order.dailyVolume > 0)) {
    throw new TradePulseError(
      'ANALYTICS_INVALID_INPUT',
      'participation must be in (0, 1] and the daily volume > 0',
      {
        field: 'participation',
      },
    )
  }
  const durationDays = order.quantity / (order.participation * order.dailyVolume)
  const cost = k * order.dailyVolatility * Math.sqrt(durationDays) * Math.sqrt(order.participation)
  return { durationDays, cost, costBps: cost * 10_000 }
}
