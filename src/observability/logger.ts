/**
 * Structured JSON logs (pino) with secrets redacted and a correlation id on every line that
 * concerns a request or an order.
 *
 * Redaction works twice, because a secret can arrive structured or inside a string:
 * - by path: API keys, tokens, passwords, `authorization` and `x-api-key` headers and exchange
 *   credentials under the keys listed in `REDACTED_PATHS` are replaced by `[REDACTED]`;
 * - on the serialized line: a password in a URL (`scheme://user:password@host`) and a bearer
 *   token anywhere (a message, an error's stack) are masked before the line is written.
 *
 * Correlation: `withCorrelation(logger, id)` is the child logger of one request or order. An API
 * request's id (taken from a well-formed `x-request-id`, or new) is bound to the client order id
 * it submits (`OrderCorrelation.bind`), and `logExecutionCore` logs the order's risk decision,
 * venue reports and fills under that same id: one search finds the whole path.
 */
import { randomUUID } from 'node:crypto'
import { type DestinationStream, type Logger, pino } from 'pino'
import type { ClientOrderId } from '../domain/ids.ts'
import type { ExecutionCore } from '../execution/execution-core.ts'
import type { OrderEvent } from '../execution/order-events.ts'
import { RISK_REJECT_REASONS } from '../execution/risk/risk-limits.ts'

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent'

export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']

const SECRET_KEYS = [
  'apiKey',
  'api_key',
  'apiSecret',
  'secret',
  'password',
  'passphrase',
  'token',
  'privateKey',
  'credentials',
  'authorization',
  'cookie',
]

/** Paths pino replaces, at the top level and one level down (`*.key`), plus request headers. */
export const REDACTED_PATHS: readonly string[] = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...['headers', 'req.headers', 'request.headers'].flatMap((h) => [
    `${h}.authorization`,
    `${h}["x-api-key"]`,
    `${h}.cookie`,
  ]),
  '*.exchange.apiKey',
  '*.exchange.secret',
  '*.exchange.password',
]

export const REDACTED = '[REDACTED]'

/** Masks what survives as text: a URL's password, a bearer token, an `x-api-key: …` header line. */
export function redactText(line: string): string {
  return line
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^/\s:@"]*:)[^@\s/"]+@/gi, `$1${REDACTED}@`)
    .replace(/(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, `$1${REDACTED}`)
    .replace(/(x-api-key["']?\s*[:=]\s*["']?)[^"'\s,}]+/gi, `$1${REDACTED}`)
}

export interface LoggerOptions {
  /** From the configuration; `info` when absent. */
  readonly level?: LogLevel
  /** The component, logged as `name` on every line (`api`, `worker`). */
  readonly name?: string
  /** Where lines go; standard output when absent. */
  readonly destination?: DestinationStream
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info'
  if (!LOG_LEVELS.includes(level)) {
    throw new RangeError(`log level must be one of ${LOG_LEVELS.join(', ')}, was ${JSON.stringify(level)}`)
  }
  return pino(
    {
      level,
      ...(options.name === undefined ? {} : { name: options.name }),
      redact: { paths: [...REDACTED_PATHS], censor: REDACTED },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: { streamWrite: redactText },
    },
    options.destination ?? pino.destination(1),
  )
}

const INCOMING_ID = /^[A-Za-z0-9._:-]{1,128}$/

/** A request's correlation id: the caller's `x-request-id` when it is well-formed, else a new one. */
export function correlationIdFrom(header: string | readonly string[] | undefined): string {
  const value: unknown = typeof header === 'string' || header === undefined ? header : header[0]
  return typeof value === 'string' && INCOMING_ID.test(value) ? value : randomUUID()
}

/** The child logger whose every line carries `correlationId`. */
export function withCorrelation(
  logger: Logger,
  correlationId: string,
  fields: Record<string, unknown> = {},
): Logger {
  return logger.child({ correlationId, ...fields })
}

/**
 * Which correlation id an order's lines carry: the request's that submitted it, once bound, or
 * `order:<client order id>` for orders no request submitted (a strategy's own).
 */
export class OrderCorrelation {
  readonly #byClientId = new Map<ClientOrderId, string>()

  bind(clientOrderId: ClientOrderId, correlationId: string): void {
    this.#byClientId.set(clientOrderId, correlationId)
  }

  of(clientOrderId: ClientOrderId): string {
    return this.#byClientId.get(clientOrderId) ?? `order:${clientOrderId}`
  }

  /** Forgets a finished order's binding, so a long run does not keep every id. */
  release(clientOrderId: ClientOrderId): void {
    this.#byClientId.delete(clientOrderId)
  }
}

const FINISHED = new Set<OrderEvent['kind']>(['filled', 'cancelled', 'rejected', 'expired'])

/**
 * Logs the order path of a core under each order's correlation id: risk (`stage: risk`, accepted
 * or refused with its code), venue (`stage: venue`: acknowledged, refused, cancelled, expired),
 * portfolio (`stage: portfolio`: each fill, with the position after it).
 *
 * Levels: what needs a person — refusals, cancels, lifecycle violations, kill-switch trips and
 * resets — is `info` and above; the per-order trail of a healthy order (passed risk,
 * acknowledged, filled) is `debug`, because the journal already keeps every order and fill
 * durably and a line per stage at `info` would cost the order path most of its throughput
 * (bench/observability.ts). Set the level to `debug` to follow every order. Nothing is built for
 * a line whose level is off. Returns the function that unsubscribes.
 */
export function logExecutionCore(
  core: ExecutionCore,
  logger: Logger,
  correlation: OrderCorrelation = new OrderCorrelation(),
): () => void {
  const line = (
    level: 'debug' | 'info' | 'warn' | 'error',
    order: OrderEvent['order'],
    fields: Record<string, unknown>,
    message: string,
  ): void => {
    if (!logger.isLevelEnabled(level)) return
    logger[level](
      {
        correlationId: correlation.of(order.clientOrderId),
        orderId: order.orderId,
        clientOrderId: order.clientOrderId,
        instrumentId: order.instrumentId,
        ...fields,
      },
      message,
    )
  }
  const stops = [
    core.bus.subscribe('order', (event) => {
      if (core.manager.replaying) return
      const { order } = event
      switch (event.kind) {
        case 'submitted':
          line(
            'debug',
            order,
            { stage: 'risk', side: order.side, type: order.type, quantity: order.quantity },
            'order passed risk checks, sent to venue',
          )
          break
        case 'rejected':
          line(
            'warn',
            order,
            {
              stage: Object.hasOwn(RISK_REJECT_REASONS, event.code) ? 'risk' : 'venue',
              code: event.code,
              reason: event.reason,
            },
            'order rejected',
          )
          break
        case 'accepted':
          line('debug', order, { stage: 'venue' }, 'order acknowledged by venue')
          break
        case 'partially-filled':
        case 'filled':
          if (logger.isLevelEnabled('debug')) {
            line(
              'debug',
              order,
              {
                stage: 'portfolio',
                tradeId: event.fill.tradeId,
                price: event.fill.price,
                quantity: event.fill.quantity,
                position: core.portfolio.quantity(order.instrumentId),
                status: order.status,
              },
              'fill booked',
            )
          }
          break
        case 'cancelled':
          line('info', order, { stage: 'venue', reason: event.reason }, 'order cancelled')
          break
        case 'expired':
          line('info', order, { stage: 'venue' }, 'order expired')
          break
        case 'flagged':
        case 'conflicting-fill':
          line(
            'error',
            order,
            { stage: 'venue', reason: event.reason },
            'venue report refused by the order lifecycle',
          )
          break
        case 'pending-cancel':
        case 'pending-replace':
        case 'replaced':
        case 'cancel-rejected':
        case 'replace-rejected':
          line('debug', order, { stage: 'venue', event: event.kind }, 'order updated')
          break
      }
      if (FINISHED.has(event.kind)) correlation.release(order.clientOrderId)
    }),
    core.bus.subscribe('kill-switch', (entry) => {
      if (core.manager.replaying) return
      logger.warn(
        { killSwitch: entry.action, reason: entry.reason, automatic: entry.automatic },
        `kill switch ${entry.action === 'trip' ? 'tripped' : 'reset'}`,
      )
    }),
  ]
  return () => {
    for (const stop of stops) stop()
  }
}
