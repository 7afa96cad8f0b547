/**
 * Tracing hooks on the OpenTelemetry API: spans around a request and around an order's trip
 * through risk and the venue. Without a tracer provider registered (no exporter configured),
 * the API hands out non-recording spans and these hooks cost a few allocations, no I/O.
 *
 * The order path runs synchronously inside `OrderManager.submit` (risk, journal, venue, and a
 * simulated venue's fills), so it cannot be cut into child spans from outside the core: the
 * `tradepulse.order.submit` span carries the stages as span events instead — `risk.accepted` or
 * `risk.rejected` (with the reason code), `venue.acknowledged`, `venue.rejected`, `fill` — in the
 * order they happened. A request span (`withSpan`) around it becomes its parent when an exporter
 * setup registers a context manager (the SDK's `AsyncLocalStorage` one).
 */
import { type Attributes, type Span, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api'
import type { ExecutionCore } from '../execution/execution-core.ts'
import type { OrderEvent } from '../execution/order-events.ts'
import type { OrderRequest } from '../execution/orders/order.ts'
import type { SubmitResult } from '../execution/order-manager.ts'
import { RISK_REJECT_REASONS } from '../execution/risk/risk-limits.ts'

export const TRACER_NAME = 'tradepulse'

export function tradePulseTracer(): Tracer {
  return trace.getTracer(TRACER_NAME)
}

/** Runs `work` in an active span named `name`; an exception marks the span as failed and is rethrown. */
export function withSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span) => T,
  tracer = tradePulseTracer(),
): T {
  return tracer.startActiveSpan(name, { attributes }, (span) => {
    try {
      return work(span)
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error))
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      })
      throw error
    } finally {
      span.end()
    }
  })
}

function stageOf(event: OrderEvent): string | undefined {
  switch (event.kind) {
    case 'submitted':
      return 'risk.accepted'
    case 'rejected':
      return Object.hasOwn(RISK_REJECT_REASONS, event.code) ? 'risk.rejected' : 'venue.rejected'
    case 'accepted':
      return 'venue.acknowledged'
    case 'partially-filled':
    case 'filled':
      return 'fill'
    default:
      return undefined
  }
}

/**
 * Submits through the core inside a `tradepulse.order.submit` span whose events are the order's
 * stages during the call. A risk or venue rejection sets the span's status to error with the code.
 */
export function submitWithSpan(
  core: ExecutionCore,
  request: OrderRequest,
  tracer = tradePulseTracer(),
): SubmitResult {
  return withSpan(
    'tradepulse.order.submit',
    {
      'tradepulse.order.client_id': request.clientOrderId,
      'tradepulse.order.instrument': request.instrumentId,
      'tradepulse.order.side': request.side,
      'tradepulse.order.type': request.type,
      'tradepulse.order.quantity': request.quantity,
    },
    (span) => {
      if (!span.isRecording()) return core.manager.submit(request)
      const stop = core.bus.subscribe('order', (event) => {
        if (event.order.clientOrderId !== request.clientOrderId) return
        const stage = stageOf(event)
        if (stage === undefined) return
        span.addEvent(stage, event.kind === 'rejected' ? { code: event.code } : {})
        if (event.kind === 'rejected') span.setStatus({ code: SpanStatusCode.ERROR, message: event.code })
      })
      try {
        const result = core.manager.submit(request)
        span.setAttribute('tradepulse.order.id', result.order.orderId)
        span.setAttribute('tradepulse.order.status', result.order.status)
        return result
      } finally {
        stop()
      }
    },
    tracer,
  )
}
