/**
 * A tracer that keeps its spans in memory, written against the OpenTelemetry API alone (the SDK's
 * in-memory exporter is a package TradePulse does not depend on): enough to see the names,
 * attributes, events and status a hook produces.
 */
import { SpanStatusCode } from '@opentelemetry/api'
import type {
  Attributes,
  AttributeValue,
  Exception,
  Span,
  SpanContext,
  SpanOptions,
  SpanStatus,
  TimeInput,
  Tracer,
} from '@opentelemetry/api'

// The Span interface of the API still takes `AttributeValue`; implementing it means naming it.
/* eslint-disable @typescript-eslint/no-deprecated */
export class RecordedSpan implements Span {
  readonly name: string
  readonly attributes: Record<string, AttributeValue> = {}
  readonly events: { name: string; attributes: Attributes }[] = []
  status: SpanStatus = { code: SpanStatusCode.UNSET }
  ended = false
  readonly exceptions: Exception[] = []

  constructor(name: string, options: SpanOptions = {}) {
    this.name = name
    Object.assign(this.attributes, options.attributes ?? {})
  }

  spanContext(): SpanContext {
    return { traceId: '0'.repeat(31) + '1', spanId: '0'.repeat(15) + '1', traceFlags: 1 }
  }
  setAttribute(key: string, value: AttributeValue): this {
    this.attributes[key] = value
    return this
  }
  setAttributes(attributes: Attributes): this {
    Object.assign(this.attributes, attributes)
    return this
  }
  addEvent(name: string, attributes?: Attributes | TimeInput): this {
    this.events.push({
      name,
      attributes:
        typeof attributes === 'object' && !Array.isArray(attributes) && !(attributes instanceof Date)
          ? attributes
          : {},
    })
    return this
  }
  addLink(): this {
    return this
  }
  addLinks(): this {
    return this
  }
  setStatus(status: SpanStatus): this {
    this.status = status
    return this
  }
  updateName(): this {
    return this
  }
  end(): void {
    this.ended = true
  }
  isRecording(): boolean {
    return !this.ended
  }
  recordException(exception: Exception): void {
    this.exceptions.push(exception)
  }
}

export class RecordingTracer implements Tracer {
  readonly spans: RecordedSpan[] = []

  startSpan(name: string, options?: SpanOptions): Span {
    const span = new RecordedSpan(name, options)
    this.spans.push(span)
    return span
  }

  startActiveSpan: Tracer['startActiveSpan'] = (name: string, ...rest: unknown[]) => {
    const work = rest.at(-1) as (span: Span) => unknown
    const options = (rest.length > 1 ? rest[0] : undefined) as SpanOptions | undefined
    return work(this.startSpan(name, options))
  }
}
