/**
 * The configuration of a backtest run, validated with zod: every friction has a documented
 * default, and the resolved configuration (defaults filled in) is stored with the run, so a run
 * says exactly what it assumed. `--config FILE` is JSON of this shape; a field it does not know
 * is refused, naming it.
 */
import { z } from 'zod'

const nonNegative = z.number().nonnegative()

export const commissionSchema = z
  .strictObject({
    perOrder: nonNegative.default(0).describe('Fixed amount per order with a fill, in account currency'),
    perUnit: nonNegative.default(0).describe('Amount per share or contract filled'),
    basisPoints: z.number().default(0).describe('Basis points of the notional, any liquidity'),
    makerBasisPoints: z
      .number()

      .default(0)
      .describe('Extra basis points for maker fills (negative: rebate)'),
    takerBasisPoints: z.number().default(0).describe('Extra basis points for taker fills'),
    tiers: z
      .array(
        z.strictObject({
          fromNotional: nonNegative.describe('Cumulative traded notional from which this tier applies'),
          makerBasisPoints: z.number(),
          takerBasisPoints: z.number(),
        }),
      )
      .default([])
      .describe('Volume tiers replacing maker/taker basis points once the traded notional reaches them'),
    minimum: nonNegative.default(0).describe('Smallest commission per fill'),
  })
  .prefault({})

export const slippageSchema = z
  .strictObject({
    model: z
      .enum(['none', 'fixed-bps', 'spread', 'volatility', 'sqrt-impact'])
      .default('fixed-bps')
      .describe('How the fill price moves against the trader'),
    basisPoints: nonNegative.default(1).describe('fixed-bps: the move; spread: half the assumed spread'),
    volatilityMultiple: nonNegative
      .default(0.1)
      .describe('volatility: the move as a multiple of the recent bar-to-bar standard deviation'),
    impactCoefficient: nonNegative
      .default(1)
      .describe('sqrt-impact: move = coefficient × σ × √(quantity / bar volume)'),
    window: z.number().int().min(2).default(20).describe('Bars over which σ is measured'),
  })
  .prefault({})

export const latencySchema = z
  .strictObject({
    submitMs: nonNegative.default(0).describe('From a decision to the venue seeing the order'),
    ackMs: nonNegative
      .default(0)
      .describe('From the venue to the strategy seeing the acknowledgement or fill'),
    marketDataMs: nonNegative.default(0).describe('From a bar closing to the strategy seeing it'),
  })
  .prefault({})

export const liquiditySchema = z
  .strictObject({
    participation: z
      .number()
      .gt(0)
      .max(1)
      .default(0.1)
      .describe('Largest fraction of a bar’s volume that may fill; the rest carries to the next bars'),
    limitFill: z
      .enum(['touch', 'through'])
      .default('through')
      .describe('through: a limit fills only when the price trades beyond it; touch: when it reaches it'),
  })
  .prefault({})

export const backtestConfigSchema = z.strictObject({
  initialCapital: z.number().positive().default(1_000_000).describe('Starting cash'),
  accountCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('USD'),
  fill: z
    .enum(['next-open', 'next-close', 'ohlc-path'])
    .default('ohlc-path')
    .describe(
      'Where an order decided on a bar fills: the next bar’s open, its close, or along its OHLC path',
    ),
  commission: commissionSchema,
  slippage: slippageSchema,
  latency: latencySchema,
  liquidity: liquiditySchema,
  borrow: z
    .strictObject({
      annualRateBps: nonNegative
        .default(0)
        .describe('Yearly cost of a short position’s value, in basis points, accrued daily'),
    })
    .prefault({}),
  risk: z
    .strictObject({
      maxPositionFraction: z
        .number()
        .gt(0)
        .default(1)
        .describe('Largest position value per instrument as a fraction of the initial capital'),
      maxDailyLossFraction: z
        .number()
        .gt(0)
        .max(1)
        .optional()
        .describe('Daily loss, as a fraction of the initial capital, that trips the kill switch'),
      maxDrawdownFraction: z.number().gt(0).max(1).optional().describe('Drawdown that trips the kill switch'),
    })
    .prefault({}),
  /** Record the equity every `equityEvery` bar times (1: every one). */
  equityEvery: z.number().int().min(1).default(1),
})

export type BacktestConfigInput = z.input<typeof backtestConfigSchema>
export type BacktestConfig = z.output<typeof backtestConfigSchema>

/** The configuration with every default filled in; throws a zod error naming the field at fault. */
export function resolveBacktestConfig(input: unknown = {}): BacktestConfig {
  return backtestConfigSchema.parse(input)
}
