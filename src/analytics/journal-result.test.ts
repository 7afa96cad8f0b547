import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXIT_OK, EXIT_USER_ERROR } from '../cli/main.ts'
import { runCaptured } from '../cli/testing/capture-io.ts'
import { TradePulseError } from '../domain/errors.ts'
import { clientOrderId } from '../domain/ids.ts'
import { type Instrument, type QuantityLots, defineInstrument, priceToTicks } from '../domain/instrument.ts'
import type { Quote } from '../domain/market-data.ts'
import { currency, money } from '../domain/money.ts'
import type { UnixMillis } from '../domain/time.ts'
import { ManualClock } from '../execution/clock.ts'
import { createExecutionCore } from '../execution/execution-core.ts'
import { journalRecordCodec } from '../execution/journal-record-codec.ts'
import { openJournal, readJournal } from '../execution/journal/jsonl-journal.ts'
import { PaperVenue } from '../execution/venues/paper-venue.ts'
import { resultFromJournal } from './journal-result.ts'
import { runAttribution, runTransactionCosts } from './run-analysis.ts'

const SPY = defineInstrument({
  symbol: 'SPY',
  venue: 'PAPER',
  assetClass: 'etf',
  quoteCurrency: 'USD',
  tickSize: '0.01',
  lotSize: '1',
})
const work = mkdtempSync(join(tmpdir(), 'tradepulse-journal-report-'))
const dataDir = join(work, 'data')
const journalFile = join(dataDir, 'journal.jsonl')

/**
 * A paper trading session as the trading desk runs one: an execution core over a PaperVenue,
 * journaling to a JSONL file; quotes fill working market orders and mark the held position.
 * Buy 10 at the ask 100.01, marked 100.00 and 102.00, sell 10 at the bid 101.49: +14.80 USD.
 */
function tradePaperSession(instruments: readonly Instrument[]): void {
  const clock = new ManualClock(0)
  const venue = new PaperVenue({ instruments, clock, name: 'PAPER' })
  const journal = openJournal(journalFile, { codec: journalRecordCodec, durability: 'sync' })
  const core = createExecutionCore({
    clock,
    venue,
    instruments,
    initialCash: [money(currency('USD'), 100_000)],
    accountCurrency: 'USD',
    journal,
  })
  const at = (time: number): void => {
    clock.set(time)
  }
  const quote = (time: number, bid: number, ask: number): void => {
    at(time)
    const q: Quote = {
      instrumentId: SPY.id,
      tsEvent: time as UnixMillis,
      bidPrice: bid,
      bidSize: 500,
      askPrice: ask,
      askSize: 500,
    }
    venue.onQuote(q)
    if (core.portfolio.quantity(SPY.id) !== 0) core.mark(SPY.id, priceToTicks(SPY, (bid + ask) / 2, 'floor'))
  }
  const submit = (time: number, id: string, side: 'buy' | 'sell'): void => {
    at(time)
    const result = core.manager.submit({
      clientOrderId: clientOrderId(id),
      instrumentId: SPY.id,
      side,
      type: 'market',
      quantity: 10 as QuantityLots,
      timeInForce: 'IOC',
    })
    expect(result.ok, `order ${id} accepted by the core`).toBe(true)
  }
  submit(1_000, 'buy-1', 'buy')
  quote(2_000, 99.99, 100.01)
  quote(3_000, 101.99, 102.01)
  submit(4_000, 'sell-1', 'sell')
  quote(5_000, 101.49, 101.51)
  journal.close()
}

beforeAll(() => {
  mkdirSync(dataDir)
  tradePaperSession([SPY])
  writeFileSync(
    join(work, 'service.json'),
    JSON.stringify({
      accountCurrency: 'USD',
      initialCash: '100000',
      instruments: [
        {
          symbol: 'SPY',
          venue: 'PAPER',
          assetClass: 'etf',
          quoteCurrency: 'USD',
          tickSize: '0.01',
          lotSize: '1',
          multiplier: '1',
        },
      ],
    }),
  )
})
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

function journalResult(): ReturnType<typeof resultFromJournal> {
  const { records } = readJournal(journalFile, journalRecordCodec)
  return resultFromJournal(records, {
    source: journalFile,
    instruments: [SPY],
    accountCurrency: 'USD',
    initialCapital: 100_000,
  })
}

describe('an execution journal as a run', () => {
  it('gives the orders, fills, round trip and equity the paper session made', () => {
    const result = journalResult()
    expect(result.orders.map((o) => [o.clientOrderId, o.status, o.filledLots, o.averagePrice])).toEqual([
      ['buy-1', 'filled', 10, 100.01],
      ['sell-1', 'filled', 10, 101.49],
    ])
    expect(result.fills.map((f) => [f.time, f.side, f.price, f.quantity])).toEqual([
      [2_000, 'buy', 100.01, 10],
      [5_000, 'sell', 101.49, 10],
    ])
    expect(result.trades).toHaveLength(1)
    expect(result.trades[0]!.pnl).toBeCloseTo(14.8, 9)
    // Tape: the buy fill and mark at 2 000 (last is the mark, 100.00), the mark 102.00, the sell.
    expect(result.closes[SPY.id]).toEqual([100, 102, 101.49])
    expect(result.equity.map((p) => p.time)).toEqual([2_000, 3_000, 5_000])
    expect(result.equity.at(-1)!.equity).toBeCloseTo(100_014.8, 6)
    expect(result.equity[1]!.equity, 'marked at 102.00: 10 × (102.00 − 100.01)').toBeCloseTo(100_019.9, 6)
  })

  it('measures costs the same way as for a run: the sell against the last mark before it', () => {
    const report = runTransactionCosts(journalResult())
    const sell = report.orders.find((o) => o.side === 'sell')!
    expect(sell.arrivalPrice).toBe(102)
    expect(sell.shortfallBps, '(102 − 101.49) / 102 in basis points').toBeCloseTo(50, 9)
    const buy = report.orders.find((o) => o.side === 'buy')!
    expect(buy.arrivalPrice, 'nothing on the tape before the first fill').toBeNull()
  })

  it('attributes the round trip’s P&L in full', () => {
    const report = runAttribution(journalResult())
    expect(report.total).toBe(1480n)
  })

  it('refuses a journal trading an instrument it was not given, naming it', () => {
    const { records } = readJournal(journalFile, journalRecordCodec)
    const other = defineInstrument({
      ...{ symbol: 'QQQ', venue: 'PAPER', assetClass: 'etf' },
      quoteCurrency: 'USD',
      tickSize: '0.01',
      lotSize: '1',
    })
    const attempt = (): unknown =>
      resultFromJournal(records, {
        source: journalFile,
        instruments: [other],
        accountCurrency: 'USD',
        initialCapital: 1,
      })
    expect(attempt).toThrow(TradePulseError)
    expect(attempt).toThrow(/instrument SPY\.PAPER, which is not among the instruments given \(QQQ\.PAPER\)/)
  })
})

describe('tradepulse report on a journal', () => {
  it('prints the costs of a trading data folder with the service configuration', async () => {
    const out = await runCaptured(['report', 'tca', dataDir, '--config', join(work, 'service.json')])
    expect(out.code, out.stderr).toBe(EXIT_OK)
    expect(out.stdout).toContain('Transaction costs by instrument')
    expect(out.stdout).toMatch(/^ {2}SPY\.PAPER\s+2/m)
  })

  it('prints the attribution as JSON summing to the session’s P&L', async () => {
    const out = await runCaptured([
      'report',
      'attribution',
      journalFile,
      '--json',
      '--config',
      join(work, 'service.json'),
    ])
    expect(out.code, out.stderr).toBe(EXIT_OK)
    expect((JSON.parse(out.stdout) as { total: string }).total).toBe('1480')
  })

  it('refuses a configuration without the journal’s instrument', async () => {
    writeFileSync(
      join(work, 'other.json'),
      JSON.stringify({
        instruments: [
          {
            symbol: 'QQQ',
            venue: 'PAPER',
            assetClass: 'etf',
            quoteCurrency: 'USD',
            tickSize: '0.01',
            lotSize: '1',
            multiplier: '1',
          },
        ],
      }),
    )
    const out = await runCaptured(['report', 'risk', dataDir, '--config', join(work, 'other.json')])
    expect(out.code).toBe(EXIT_USER_ERROR)
    expect(out.stderr).toContain('SPY.PAPER')
  })
})
