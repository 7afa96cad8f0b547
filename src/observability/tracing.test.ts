import { SpanStatusCode, trace } from '@opentelemetry/api'
import { describe, expect, it } from 'vitest'
import { clientOrderId } from '../domain/ids.ts'
import type { QuantityLots } from '../domain/instrument.ts'
import { ACME, external, openMarket } from '../execution/e2e/testing/market.ts'
import type { JournalRecord } from '../execution/journal-record.ts'
import { MemoryJournal } from '../execution/journal/memory-journal.ts'
import type { OrderRequest } from '../execution/orders/order.ts'
import { RecordingTracer } from './testing/recording-tracer.ts'
import { submitWithSpan, tradePulseTracer, withSpan } from './tracing.ts'

function market(): ReturnType<typeof openMarket> {
  const m = openMarket({
    journal: new MemoryJournal<JournalRecord>(),
    instruments: [ACME],
    risk: { account: { maxOrderQuantity: 10 } },
  })
  external(m, 'mm', 'sell', 10, 10_000, ACME)
  return m
}

const buy = (id: string, quantity: number): OrderRequest => ({
  clientOrderId: clientOrderId(id),
  instrumentId: ACME.id,
  side: 'buy',
  type: 'market',
  quantity: quantity as QuantityLots,
  timeInForce: 'IOC',
})

describe('tracing hooks', () => {
  it('records an order’s stages as events of its submit span: risk, venue acknowledgement, fill', () => {
    const tracer = new RecordingTracer()
    const m = market()
    const result = submitWithSpan(m.core, buy('c-1', 3), tracer)
    expect(result.ok).toBe(true)
    const [span] = tracer.spans
    expect(span?.name).toBe('tradepulse.order.submit')
    expect(span?.events.map((e) => e.name)).toEqual(['risk.accepted', 'venue.acknowledged', 'fill'])
    expect(span?.attributes).toMatchObject({
      'tradepulse.order.client_id': 'c-1',
      'tradepulse.order.instrument': ACME.id,
      'tradepulse.order.quantity': 3,
      'tradepulse.order.status': 'filled',
    })
    expect([span?.ended, span?.status.code]).toEqual([true, 0])
  })

  it('marks the span failed with the risk reason code when the risk engine refuses', () => {
    const tracer = new RecordingTracer()
    submitWithSpan(market().core, buy('c-2', 11), tracer)
    const [span] = tracer.spans
    expect(span?.events).toEqual([{ name: 'risk.rejected', attributes: { code: 'max-order-quantity' } }])
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'max-order-quantity' })
  })

  it('records an exception thrown inside a span and rethrows it', () => {
    const tracer = new RecordingTracer()
    expect(() =>
      withSpan(
        'tradepulse.http.request',
        { 'http.route': '/api/v1/orders' },
        () => {
          throw new Error('store unavailable')
        },
        tracer,
      ),
    ).toThrow('store unavailable')
    expect(tracer.spans[0]).toMatchObject({
      ended: true,
      status: { code: SpanStatusCode.ERROR, message: 'store unavailable' },
    })
    expect(tracer.spans[0]?.exceptions).toHaveLength(1)
  })

  it('is a no-op without an exporter: spans do not record and the order path is unchanged', () => {
    expect(trace.getTracerProvider().getTracer('x').startSpan('probe').isRecording()).toBe(false)
    const m = market()
    const subscribers = m.core.bus.subscriberCount('order')
    const result = submitWithSpan(m.core, buy('c-3', 2), tradePulseTracer())
    expect(result).toMatchObject({ ok: true, order: { status: 'filled', filledQuantity: 2 } })
    // No listener was added for a span that records nothing.
    expect(m.core.bus.subscriberCount('order')).toBe(subscribers)
    expect(withSpan('tradepulse.noop', {}, (span) => span.isRecording())).toBe(false)
  })
})
