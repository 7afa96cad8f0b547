import { describe, expect, it } from 'vitest'
import type { BacktestConfigInput } from '../../backtest/config.ts'
import { TradePulseError } from '../../domain/errors.ts'
import { fastPathFrictions } from './frictions.ts'

function refusal(config: BacktestConfigInput): TradePulseError {
  try {
    fastPathFrictions(config)
  } catch (error) {
    if (error instanceof TradePulseError) return error
    throw error
  }
  throw new Error(`accepted ${JSON.stringify(config)}`)
}

describe('fastPathFrictions', () => {
  it("maps the engine's defaults: 1 bp fixed slippage, no commission, a position limit of the capital", () => {
    expect(fastPathFrictions()).toEqual({
      initialCapital: 1_000_000,
      accountCurrency: 'USD',
      commissionBasisPoints: 0,
      commissionCentiBasisPoints: 0,
      slippageBasisPoints: 1,
      maxPositionFraction: 1,
      participation: 0.1,
      equityEvery: 1,
    })
  })

  it('adds the taker rate to the base rate, every fill here being a taker', () => {
    const f = fastPathFrictions({
      fill: 'next-open',
      commission: { basisPoints: 1.25, takerBasisPoints: 0.5 },
    })
    expect(f.commissionBasisPoints).toBe(1.75)
    expect(f.commissionCentiBasisPoints).toBe(175)
  })

  it("takes slippage 'none' as zero and 'spread' as its basis points", () => {
    expect(fastPathFrictions({ slippage: { model: 'none', basisPoints: 5 } }).slippageBasisPoints).toBe(0)
    expect(fastPathFrictions({ slippage: { model: 'spread', basisPoints: 3 } }).slippageBasisPoints).toBe(3)
  })

  it('refuses what it cannot model, naming the field', () => {
    const cases: [BacktestConfigInput, string][] = [
      [{ fill: 'next-close' }, 'fill'],
      [{ commission: { perOrder: 1 } }, 'commission.perOrder'],
      [{ commission: { perUnit: 0.005 } }, 'commission.perUnit'],
      [{ commission: { minimum: 0.35 } }, 'commission.minimum'],
      [
        { commission: { tiers: [{ fromNotional: 1e6, makerBasisPoints: 0, takerBasisPoints: 0.5 }] } },
        'commission.tiers',
      ],
      [{ slippage: { model: 'sqrt-impact' } }, 'slippage.model'],
      [{ slippage: { model: 'volatility' } }, 'slippage.model'],
      [{ latency: { submitMs: 50 } }, 'latency.submitMs'],
      [{ latency: { ackMs: 20 } }, 'latency.ackMs'],
      [{ latency: { marketDataMs: 10 } }, 'latency.marketDataMs'],
      [{ borrow: { annualRateBps: 50 } }, 'borrow.annualRateBps'],
      [{ risk: { maxDailyLossFraction: 0.5 } }, 'risk.maxDailyLossFraction'],
      [{ risk: { maxDrawdownFraction: 0.9 } }, 'risk.maxDrawdownFraction'],
    ]
    for (const [config, field] of cases) {
      const error = refusal(config)
      expect(error.code, field).toBe('RESEARCH_FAST_PATH_UNSUPPORTED')
      expect(error.location.field).toBe(field)
      expect(error.message).toMatch(new RegExp(`^${field.replace('.', '\\.')}: .*does not model it`))
    }
  })

  it('refuses commission rates with more than two decimals, as the venue does', () => {
    expect(refusal({ commission: { basisPoints: 0.125 } }).code).toBe('EXECUTION_INVALID_ORDER')
  })

  it("leaves an invalid configuration to the engine's own schema", () => {
    expect(() => fastPathFrictions({ initialCapital: -1 })).toThrow(/initialCapital/)
  })
})
