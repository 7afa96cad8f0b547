import { Writable } from 'node:stream'
import type { Logger } from 'pino'
import { describe, expect, it } from 'vitest'
import { clientOrderId } from '../domain/ids.ts'
import { ACME, ScriptedStrategy, external, openMarket } from '../execution/e2e/testing/market.ts'
import type { JournalRecord } from '../execution/journal-record.ts'
import { MemoryJournal } from '../execution/journal/memory-journal.ts'
import {
  OrderCorrelation,
  correlationIdFrom,
  createLogger,
  logExecutionCore,
  redactText,
  withCorrelation,
} from './logger.ts'

/** A logger writing into an array of parsed lines (and the raw text, to search for secrets). */
function capture(level: Parameters<typeof createLogger>[0] = {}): {
  logger: Logger
  lines: () => Record<string, unknown>[]
  raw: string[]
} {
  const raw: string[] = []
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw.push(chunk.toString())
      done()
    },
  })
  const logger = createLogger({ ...level, destination })
  return {
    logger,
    raw,
    lines: () =>
      raw
        .join('')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  }
}

const SECRETS = ['sk-live-12345', 'hunter2', 'tok-abcdef', 'exch-secret-xyz', 'K3y-99']

describe('createLogger', () => {
  it('writes JSON lines with the level by name and an ISO time, at the configured level', () => {
    const { logger, lines } = capture({ level: 'warn', name: 'api' })
    logger.info('hidden')
    logger.warn({ route: '/api/v1/risk' }, 'shown')
    expect(lines()).toHaveLength(1)
    expect(lines()[0]).toMatchObject({ level: 'warn', name: 'api', route: '/api/v1/risk', msg: 'shown' })
    expect(String(lines()[0]!.time)).toMatch(/^\d{4}-\d\d-\d\dT/)
  })

  it('refuses an unknown level, naming the levels it knows', () => {
    expect(() => createLogger({ level: 'verbose' as 'info' })).toThrow(
      'log level must be one of trace, debug, info, warn, error, fatal, silent, was "verbose"',
    )
  })

  it('never writes a secret: keys, headers, credentials, URL passwords, bearer tokens in text', () => {
    const { logger, raw, lines } = capture({ level: 'trace' })
    logger.info({ apiKey: SECRETS[0], user: 'ops' }, 'configured')
    logger.info(
      {
        req: { method: 'POST', headers: { authorization: `Bearer ${SECRETS[2]}`, 'x-api-key': SECRETS[4] } },
      },
      'request',
    )
    logger.info(
      { venue: { name: 'binance', credentials: { apiKey: SECRETS[0], secret: SECRETS[3] } } },
      'venue connected',
    )
    logger.info({ database: `postgres://tradepulse:${SECRETS[1]}@db:5432/tp` }, 'store opened')
    logger.warn(`retrying with header Authorization: Bearer ${SECRETS[2]}`)
    logger.error(new Error(`connect to redis://worker:${SECRETS[1]}@queue:6379 failed`), 'queue down')
    const text = raw.join('')
    for (const secret of SECRETS) expect(text, `a log line contains ${secret}`).not.toContain(secret)
    expect(lines()[0]).toMatchObject({ apiKey: '[REDACTED]', user: 'ops' })
    expect(lines()[1]).toMatchObject({
      req: { method: 'POST', headers: { authorization: '[REDACTED]', 'x-api-key': '[REDACTED]' } },
    })
    expect(lines()[2]).toMatchObject({ venue: { name: 'binance', credentials: '[REDACTED]' } })
    expect(lines()[3]).toMatchObject({ database: 'postgres://tradepulse:[REDACTED]@db:5432/tp' })
    expect(lines()[4]).toMatchObject({ msg: 'retrying with header Authorization: Bearer [REDACTED]' })
  })

  it('masks text secrets and leaves the rest of the line alone', () => {
    expect(redactText('{"u":"https://a:b@h/x","k":"x-api-key: abc"}')).toBe(
      '{"u":"https://a:[REDACTED]@h/x","k":"x-api-key: [REDACTED]"}',
    )
    expect(redactText('see https://example.com/a:b@c and user@example.com')).toBe(
      'see https://example.com/a:b@c and user@example.com',
    )
  })
})

describe('correlation ids', () => {
  it('keeps a well-formed x-request-id and replaces a missing or hostile one', () => {
    expect(correlationIdFrom('req-42.a:b')).toBe('req-42.a:b')
    expect(correlationIdFrom(['req-1', 'req-2'])).toBe('req-1')
    expect(correlationIdFrom(undefined)).toMatch(/^[0-9a-f-]{36}$/)
    expect(correlationIdFrom('x\n{"level":"fatal"}')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('puts the id on every line of the child logger', () => {
    const { logger, lines } = capture()
    const log = withCorrelation(logger, 'req-7', { route: '/api/v1/orders' })
    log.info('one')
    log.info({ extra: 1 }, 'two')
    expect(lines().map((l) => [l.correlationId, l.route, l.msg])).toEqual([
      ['req-7', '/api/v1/orders', 'one'],
      ['req-7', '/api/v1/orders', 'two'],
    ])
  })

  it('follows an order through risk, venue and portfolio under its request’s id', () => {
    const { logger, lines } = capture({ level: 'debug' })
    const market = openMarket({
      journal: new MemoryJournal<JournalRecord>(),
      instruments: [ACME],
      risk: { account: { maxOrderQuantity: 10 } },
    })
    const correlation = new OrderCorrelation()
    logExecutionCore(market.core, logger, correlation)
    external(market, 'mm', 'sell', 10, 10_000, ACME)
    correlation.bind(clientOrderId('strategy-1'), 'req-abc')
    correlation.bind(clientOrderId('strategy-2'), 'req-def')
    const strategy = new ScriptedStrategy(market)
    strategy.market('buy', 3) // strategy-1: passes risk, acknowledged, filled
    strategy.market('buy', 11) // strategy-2: refused by the risk engine
    strategy.market('buy', 1) // strategy-3: no request, its own id
    market.core.killSwitch.trip(market.clock.now(), 'desk: test')

    const of = (id: string): unknown[][] =>
      lines()
        .filter((l) => l.correlationId === id)
        .map((l) => [l.stage, l.msg])
    expect(of('req-abc')).toEqual([
      ['risk', 'order passed risk checks, sent to venue'],
      ['venue', 'order acknowledged by venue'],
      ['portfolio', 'fill booked'],
    ])
    expect(lines().find((l) => l.correlationId === 'req-abc' && l.stage === 'portfolio')).toMatchObject({
      position: 3,
      quantity: 3,
      status: 'filled',
    })
    expect(of('req-def')).toEqual([['risk', 'order rejected']])
    expect(lines().find((l) => l.correlationId === 'req-def')).toMatchObject({
      level: 'warn',
      code: 'max-order-quantity',
    })
    expect(of('order:strategy-3').map((x) => x[0])).toEqual(['risk', 'venue', 'portfolio'])
    expect(lines().at(-1)).toMatchObject({
      level: 'warn',
      killSwitch: 'trip',
      reason: 'desk: test',
      msg: 'kill switch tripped',
    })
    // A finished order's binding is released: a reused client id would not inherit it.
    expect(correlation.of(clientOrderId('strategy-1'))).toBe('order:strategy-1')
  })
})
