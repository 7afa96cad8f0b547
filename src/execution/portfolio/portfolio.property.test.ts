/**
 * Property tests: random sequences of fills (both sides, flips through zero, fees and rebates,
 * prices from a few ticks to ten million), marks and resent fills over five instruments in four
 * ledgers — one of them at a precision finer than its currency's — checked after every step
 * against the invariants money depends on and against brute-force references computed here with
 * bigint: a FIFO book per instrument, cash from the domain's own exact notional, and the daily and
 * peak figures from a running record of equity.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Instrument, PriceTicks } from '../../domain/instrument.ts'
import { type Currency, currency, money, moneyOfDecimal } from '../../domain/money.ts'
import type { UnixMillis } from '../../domain/time.ts'
import type { Fill, Side } from '../types.ts'
import { Portfolio, type PortfolioOptions, type PortfolioSnapshot } from './portfolio.ts'
import { FifoBook } from './testing/fifo-reference.ts'
import { AAPL, BTC_USD, BTC_USDT, ES, TOYOTA, fill } from './testing/fills.ts'
import { utcTradingDay } from './trading-day.ts'

const INSTRUMENTS: readonly Instrument[] = [AAPL, ES, BTC_USD, BTC_USDT, TOYOTA]
const OPTIONS: PortfolioOptions = {
  instruments: INSTRUMENTS,
  initialCash: [money(currency('USD'), '100000.00'), money(currency('USDT'), '5000')],
}
const DAY = utcTradingDay()

type Op =
  | {
      readonly kind: 'fill'
      readonly instrument: number
      readonly side: Side
      readonly quantity: number
      readonly price: number
      readonly fee: bigint
      readonly dt: number
    }
  | { readonly kind: 'mark'; readonly instrument: number; readonly price: number; readonly dt: number }
  | { readonly kind: 'resend'; readonly target: number; readonly conflict: boolean }

const instrumentIndex = fc.integer({ min: 0, max: INSTRUMENTS.length - 1 })
const price = fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 10_000_000 }))
const dt = fc.integer({ min: 0, max: 8 * 3_600_000 })

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('fill' as const),
      instrument: instrumentIndex,
      side: fc.constantFrom<Side>('buy', 'sell'),
      quantity: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 1_000_000 })),
      price,
      fee: fc.bigInt({ min: -100n, max: 1_000n }),
      dt,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('mark' as const), instrument: instrumentIndex, price, dt }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('resend' as const), target: fc.nat(), conflict: fc.boolean() }),
  },
)

function abs(x: bigint): bigint {
  return x < 0n ? -x : x
}

/** Tick-lots to ledger units through the domain's decimal arithmetic, refusing to round. */
function referenceUnits(instrument: Instrument, ledger: Currency, tickLots: bigint): bigint {
  const { tickSize, lotSize, multiplier } = instrument
  const exact = {
    units: tickLots * tickSize.units * lotSize.units * multiplier.units,
    scale: tickSize.scale + lotSize.scale + multiplier.scale,
  }
  return moneyOfDecimal(ledger, exact, 'reject').units
}

function feeUnits(instrument: Instrument, ledger: Currency, fee: bigint): bigint {
  return moneyOfDecimal(ledger, { units: fee, scale: instrument.quoteCurrency.decimals }, 'reject').units
}

/** What the test knows independently of the portfolio. */
class Reference {
  readonly fifo = INSTRUMENTS.map(() => new FifoBook())
  readonly signed = INSTRUMENTS.map(() => 0)
  readonly last = INSTRUMENTS.map((): number | undefined => undefined)
  readonly cash = new Map<string, bigint>()
  readonly dayStartEquity = new Map<string, bigint>()
  readonly peak = new Map<string, bigint>()
  day: number | undefined
}

/** Applies one op to the portfolio and the reference and checks every invariant. */
function step(
  portfolio: Portfolio,
  ref: Reference,
  fills: Fill[],
  operation: Op,
  index: number,
  time: { now: number },
): void {
  if (operation.kind === 'resend') {
    if (fills.length === 0) return
    const original = fills[operation.target % fills.length]!
    const resent = operation.conflict ? { ...original, fee: original.fee + 1n } : original
    const before = { ...portfolio.snapshot(), duplicateFills: 0 }
    const outcome = portfolio.applyFill(resent)
    expect(!outcome.applied && outcome.code).toBe(
      operation.conflict ? 'conflicting-duplicate-fill' : 'duplicate-fill',
    )
    expect({ ...portfolio.snapshot(), duplicateFills: 0 }, 'a resent fill changes nothing').toEqual(before)
    return
  }
  time.now += operation.dt
  const instrument = INSTRUMENTS[operation.instrument]!
  const day = DAY(time.now as UnixMillis)
  if (ref.day === undefined || day > ref.day) {
    ref.day = day
    for (const ledger of portfolio.ledgers()) ref.dayStartEquity.set(ledger.currency.code, ledger.equity)
  }
  const code = instrument.quoteCurrency.code
  const ledgerCurrency = portfolio.ledger(code).currency
  if (operation.kind === 'fill') {
    const f = fill(`f${index}`, instrument, operation.side, operation.quantity, operation.price, {
      fee: operation.fee,
      time: time.now,
    })
    const outcome = portfolio.applyFill(f)
    expect(outcome.applied).toBe(true)
    fills.push(f)
    const signed = operation.side === 'buy' ? operation.quantity : -operation.quantity
    ref.fifo[operation.instrument]!.apply(signed, operation.price)
    ref.signed[operation.instrument]! += signed
    const notional = referenceUnits(instrument, ledgerCurrency, BigInt(signed) * BigInt(operation.price))
    ref.cash.set(code, ref.cash.get(code)! - notional - feeUnits(instrument, ledgerCurrency, operation.fee))
  } else {
    portfolio.mark(instrument.id, operation.price as PriceTicks, time.now as UnixMillis)
  }
  ref.last[operation.instrument] = operation.price
  for (const ledger of portfolio.ledgers()) {
    const c = ledger.currency.code
    ref.peak.set(c, ref.peak.get(c)! > ledger.equity ? ref.peak.get(c)! : ledger.equity)
  }
  check(portfolio, ref)
}

function check(portfolio: Portfolio, ref: Reference): void {
  for (const r of portfolio.reconcile()) {
    expect(r.difference, `${r.currency.code}: cash + value = initial + realised + unrealised − fees`).toBe(0n)
  }
  const sums = new Map<string, { realised: bigint; unrealised: bigint; value: bigint; gross: bigint }>()
  INSTRUMENTS.forEach((instrument, i) => {
    const view = portfolio.position(instrument.id)
    const ledgerCurrency = view.realisedPnl.currency
    expect(view.quantity, `${instrument.id} = signed sum of its fills`).toBe(ref.signed[i])
    const last = ref.last[i]
    const fifoTotal = ref.fifo[i]!.realised + (last === undefined ? 0n : ref.fifo[i]!.open(last))
    expect(view.realisedPnl.units + view.unrealisedPnl.units, `${instrument.id} PnL = FIFO PnL`).toBe(
      referenceUnits(instrument, ledgerCurrency, fifoTotal),
    )
    if (view.quantity === 0) {
      expect(view.realisedPnl.units).toBe(referenceUnits(instrument, ledgerCurrency, ref.fifo[i]!.realised))
    }
    const sum = sums.get(ledgerCurrency.code) ?? { realised: 0n, unrealised: 0n, value: 0n, gross: 0n }
    sum.realised += view.realisedPnl.units
    sum.unrealised += view.unrealisedPnl.units
    sum.value += view.marketValue.units
    sum.gross += abs(view.marketValue.units)
    sums.set(ledgerCurrency.code, sum)
  })
  for (const ledger of portfolio.ledgers()) {
    const c = ledger.currency.code
    const sum = sums.get(c) ?? { realised: 0n, unrealised: 0n, value: 0n, gross: 0n }
    expect(ledger.cash, `${c} cash = initial − Σ signed notional − Σ fees`).toBe(ref.cash.get(c))
    expect(ledger.realisedPnl).toBe(sum.realised)
    expect(ledger.unrealisedPnl).toBe(sum.unrealised)
    expect(ledger.marketValue).toBe(sum.value)
    expect(ledger.grossExposure).toBe(sum.gross)
    expect(ledger.peakEquity).toBe(ref.peak.get(c))
    expect(ledger.drawdown >= 0n).toBe(true)
    expect(ledger.dailyPnl, `${c} daily PnL = equity − equity at the day's start`).toBe(
      ledger.equity - ref.dayStartEquity.get(c)!,
    )
  }
}

function freshReference(portfolio: Portfolio): Reference {
  const ref = new Reference()
  for (const ledger of portfolio.ledgers()) {
    ref.cash.set(ledger.currency.code, ledger.initialCash)
    ref.peak.set(ledger.currency.code, ledger.initialCash)
    ref.dayStartEquity.set(ledger.currency.code, ledger.initialCash)
  }
  return ref
}

describe('Portfolio properties', () => {
  it('balances to the unit after every step and agrees with FIFO, exact cash and the daily record', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 80 }), (ops) => {
        const portfolio = new Portfolio(OPTIONS)
        const ref = freshReference(portfolio)
        const fills: Fill[] = []
        const time = { now: 0 }
        ops.forEach((operation, i) => {
          step(portfolio, ref, fills, operation, i, time)
        })
      }),
      { numRuns: 200 },
    )
  })

  it('reaches the same state whether replayed straight or through a JSON snapshot at any point', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), fc.nat(), (ops, cut) => {
        const split = cut % (ops.length + 1)
        const straight = new Portfolio(OPTIONS)
        const straightRef = freshReference(straight)
        const straightFills: Fill[] = []
        const straightTime = { now: 0 }
        ops.forEach((operation, i) => {
          step(straight, straightRef, straightFills, operation, i, straightTime)
        })

        let portfolio = new Portfolio(OPTIONS)
        const ref = freshReference(portfolio)
        const fills: Fill[] = []
        const time = { now: 0 }
        ops.forEach((operation, i) => {
          if (i === split) {
            const text = JSON.stringify(portfolio.snapshot())
            portfolio = Portfolio.restore(OPTIONS, JSON.parse(text) as PortfolioSnapshot)
          }
          step(portfolio, ref, fills, operation, i, time)
        })
        expect(JSON.stringify(portfolio.snapshot())).toBe(JSON.stringify(straight.snapshot()))
        expect(portfolio.ledgers()).toEqual(straight.ledgers())
        expect(portfolio.positions()).toEqual(straight.positions())
      }),
      { numRuns: 100 },
    )
  })

  it('books a fill without its outcome to exactly the state applyFill reaches', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 80 }), (ops) => {
        const outcomes = new Portfolio(OPTIONS)
        const booked = new Portfolio(OPTIONS)
        const fills: Fill[] = []
        let now = 0
        ops.forEach((operation, i) => {
          if (operation.kind === 'mark') {
            now += operation.dt
            const id = INSTRUMENTS[operation.instrument]!.id
            outcomes.mark(id, operation.price as PriceTicks, now as UnixMillis)
            booked.mark(id, operation.price as PriceTicks, now as UnixMillis)
            return
          }
          let f: Fill
          if (operation.kind === 'fill') {
            now += operation.dt
            const instrument = INSTRUMENTS[operation.instrument]!
            f = fill(`f${i}`, instrument, operation.side, operation.quantity, operation.price, {
              fee: operation.fee,
              time: now,
            })
            fills.push(f)
          } else {
            if (fills.length === 0) return
            const original = fills[operation.target % fills.length]!
            f = operation.conflict ? { ...original, fee: original.fee + 1n } : original
          }
          expect(booked.book(f), `op ${i}`).toBe(outcomes.applyFill(f).applied)
        })
        expect(booked.snapshot()).toEqual(outcomes.snapshot())
        expect(booked.ledgers()).toEqual(outcomes.ledgers())
        expect(booked.positions()).toEqual(outcomes.positions())
      }),
      { numRuns: 200 },
    )
  })
})
