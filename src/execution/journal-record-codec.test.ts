import { describe, expect, it } from 'vitest'
import { clientOrderId, orderId, tradeId } from '../domain/ids.ts'
import { type PriceTicks, type QuantityLots, instrumentId } from '../domain/instrument.ts'
import type { UnixMillis } from '../domain/time.ts'
import type { JournalRecord } from './journal-record.ts'
import { journalRecordCodec } from './journal-record-codec.ts'

const where = { file: 'session.jsonl', line: 7 }

function roundTrip(record: JournalRecord): JournalRecord {
  return journalRecordCodec.decode(JSON.parse(JSON.stringify(journalRecordCodec.encode(record))), where)
}

describe('journalRecordCodec', () => {
  it('round-trips a fill with its bigint fee, including a rebate', () => {
    for (const fee of [12n, -3n, 123_456_789_012_345_678_901n]) {
      const record: JournalRecord = {
        type: 'report',
        report: {
          kind: 'fill',
          fill: {
            venue: 'simulated',
            tradeId: tradeId('sim-1-taker'),
            orderId: orderId('O-1'),
            clientOrderId: clientOrderId('c-1'),
            instrumentId: instrumentId('ACME', 'SIM'),
            side: 'buy',
            price: 10_000 as PriceTicks,
            quantity: 5 as QuantityLots,
            fee,
            liquidity: 'taker',
            time: 1 as UnixMillis,
          },
        },
      }
      expect(roundTrip(record)).toEqual(record)
    }
  })

  it('round-trips an order whose filled notional is past 2^53 tick-lots, exactly', () => {
    const record: JournalRecord = {
      type: 'submit',
      order: {
        orderId: orderId('O-1'),
        clientOrderId: clientOrderId('c-1'),
        instrumentId: instrumentId('ACME', 'SIM'),
        side: 'buy',
        type: 'limit',
        quantity: 10 as QuantityLots,
        price: 10_000 as PriceTicks,
        timeInForce: 'GTC',
        status: 'partially-filled',
        workingStatus: 'partially-filled',
        filledQuantity: 3,
        filledNotionalTicks: 2n ** 53n + 1n,
        createdAt: 1 as UnixMillis,
        updatedAt: 2 as UnixMillis,
      },
    }
    expect(JSON.stringify(journalRecordCodec.encode(record))).toContain(
      '"filledNotionalTicks":"9007199254740993"',
    )
    expect(roundTrip(record)).toEqual(record)
    const json = JSON.parse(JSON.stringify(journalRecordCodec.encode(record))) as { order: object }
    expect(() =>
      journalRecordCodec.decode(
        { ...json, order: { ...json.order, filledNotionalTicks: 9007199254740992 } },
        where,
      ),
    ).toThrow(/session\.jsonl:7.*order.filledNotionalTicks must be a whole number of tick-lots, as a string/)
  })

  it('round-trips commands and other reports unchanged', () => {
    const records: JournalRecord[] = [
      { type: 'cancel-request', orderId: orderId('O-2'), time: 5 as UnixMillis },
      { type: 'report', report: { kind: 'accepted', orderId: orderId('O-2'), time: 6 as UnixMillis } },
      {
        type: 'kill-switch',
        entry: { action: 'trip', time: 7 as UnixMillis, reason: 'manual', automatic: false },
      },
      {
        type: 'mark',
        mark: {
          instrumentId: instrumentId('ACME', 'SIM'),
          price: 10_400 as PriceTicks,
          time: 9 as UnixMillis,
        },
      },
      {
        type: 'risk-limits',
        entry: {
          scope: 'account',
          limits: {
            maxOrderQuantity: 500,
            maxOrderNotional: 123_456_789_012_345_678_901n,
            maxDailyLoss: 50_000n,
            priceCollar: { basisPoints: 25, ticks: 3 },
          },
          time: 9 as UnixMillis,
          reason: 'desk: tighten',
        },
      },
      {
        type: 'halt',
        entry: {
          action: 'halt',
          instrumentId: instrumentId('ACME', 'SIM'),
          time: 8 as UnixMillis,
          reason: 'news pending',
        },
      },
    ]
    for (const record of records) expect(roundTrip(record)).toEqual(record)
  })

  it('names the line and field of a record it cannot read', () => {
    const decode = (json: unknown): unknown => journalRecordCodec.decode(json, where)
    expect(() => decode({ type: 'teleport' })).toThrow(/session\.jsonl:7.*type.*unknown or missing type/)
    expect(() => decode({ type: 'report', report: { kind: 'fill', fill: { fee: 1.5 } } })).toThrow(/fee/)
    expect(() =>
      decode({ type: 'report', report: { kind: 'fill', fill: { fee: '1', tradeId: 't' } } }),
    ).toThrow(/session\.jsonl:7.*venue must be a string/)
    expect(() => decode({ type: 'report', report: { kind: 'nope' } })).toThrow(/report.kind/)
    expect(() => decode({ type: 'submit', order: { orderId: 'O-1' } })).toThrow(
      /clientOrderId must be a string/,
    )
    expect(() => decode({ type: 'cancel-request' })).toThrow(/orderId must be a string/)
    expect(() => decode({ type: 'kill-switch' })).toThrow(/entry must be an object/)
    const entry = { action: 'reset', time: 7, reason: 'desk', automatic: false }
    expect(() => decode({ type: 'kill-switch', entry: { ...entry, action: 'pause' } })).toThrow(
      /session\.jsonl:7.*entry.action must be trip or reset/,
    )
    expect(() => decode({ type: 'kill-switch', entry: { ...entry, time: '7' } })).toThrow(/entry.time/)
    expect(() => decode({ type: 'kill-switch', entry: { ...entry, reason: ' ' } })).toThrow(/entry.reason/)
    expect(() => decode({ type: 'kill-switch', entry: { ...entry, automatic: 1 } })).toThrow(
      /entry.automatic/,
    )
    const halt = { action: 'halt', instrumentId: 'ACME.SIM', time: 7, reason: 'news pending' }
    expect(() => decode({ type: 'halt', entry: { ...halt, action: 'stop' } })).toThrow(
      /session\.jsonl:7.*entry.action must be halt or resume/,
    )
    expect(() => decode({ type: 'halt', entry: { ...halt, instrumentId: 3 } })).toThrow(
      /instrumentId must be a string/,
    )
    expect(() => decode({ type: 'halt', entry: { ...halt, time: 1.5 } })).toThrow(/entry.time/)
    expect(() => decode({ type: 'halt', entry: { ...halt, reason: '' } })).toThrow(/entry.reason/)
    expect(() => decode({ type: 'mark' })).toThrow(/mark must be an object/)
    const mark = { instrumentId: 'ACME.SIM', price: 10, time: 7 }
    expect(() => decode({ type: 'mark', mark: { ...mark, price: 0 } })).toThrow(
      /session\.jsonl:7.*mark.price must be a positive integer/,
    )
    expect(() => decode({ type: 'mark', mark: { ...mark, time: null } })).toThrow(/mark.time/)
    const change = { scope: 'account', limits: {}, time: 7, reason: 'desk' }
    const limits = (value: unknown): unknown =>
      decode({ type: 'risk-limits', entry: { ...change, limits: value } })
    expect(() => decode({ type: 'risk-limits', entry: { ...change, scope: 'ACME' } })).toThrow(/entry.scope/)
    expect(() => decode({ type: 'risk-limits', entry: { ...change, reason: '' } })).toThrow(/entry.reason/)
    expect(() => limits({ maxDailyLoss: 5 })).toThrow(
      /session\.jsonl:7.*limits.maxDailyLoss must be a whole number/,
    )
    expect(() => limits({ maxPosition: '5' })).toThrow(/limits.maxPosition must be an integer/)
    expect(() => limits({ priceCollar: { percent: 1 } })).toThrow(/limits.priceCollar must hold/)
    expect(() => limits({ maxLeverage: 3 })).toThrow(/limits.maxLeverage is not a risk limit/)
    expect(() =>
      decode({
        type: 'submit',
        order: {
          orderId: 'O-1',
          clientOrderId: 'c',
          instrumentId: 'A.B',
          side: 'buy',
          type: 'limit',
          status: 'accepted',
          timeInForce: 'GTC',
          quantity: 1.5,
        },
      }),
    ).toThrow(/order.quantity must be an integer/)
  })
})
