import { randomUUID } from 'node:crypto'
import type { Command } from 'commander'
import { TradePulseError } from '../../domain/errors.ts'
import { type CliIo, writeLine } from '../io.ts'

interface ProbeFlags {
  readonly url: string
  readonly key?: string
  readonly instrument?: string
  readonly timeout: string
}

interface Step {
  readonly name: string
  readonly ms: number
}

/**
 * `tradepulse probe --url URL`: a synthetic check of a running server, end to end — liveness,
 * readiness, a read, and a paper order far from the market that is then cancelled. Each step is
 * timed; the first that fails stops the probe with a message naming it and exit status 1.
 */
export function registerProbe(
  program: Command,
  io: CliIo,
  env: Readonly<Record<string, string | undefined>> = process.env,
): void {
  program
    .command('probe')
    .description('Check a running server end to end: health, readiness, a read, a paper order and its cancel')
    .requiredOption('--url <url>', 'the server, e.g. http://127.0.0.1:8080')
    .option('--key <key>', 'an API key with the trade scope (default: TRADEPULSE_API_KEY)')
    .option('--instrument <id>', 'instrument for the probe order (default: the first the server lists)')
    .option('--timeout <ms>', 'time allowed per step', '5000')
    .addHelpText(
      'after',
      `
The probe order is a one-lot limit buy at the lowest price the instrument's tick allows, so it
never fills, and is cancelled at once; it goes through risk and the journal like any order.

Examples:
  TRADEPULSE_API_KEY=tp_… tradepulse probe --url http://127.0.0.1:8080`,
    )
    .action(async (flags: ProbeFlags) => {
      const key = flags.key ?? env.TRADEPULSE_API_KEY
      if (key === undefined || key === '')
        throw new TradePulseError(
          'CLI_USAGE',
          'give a key with the trade scope (--key or TRADEPULSE_API_KEY)',
          { field: '--key' },
        )
      const base = flags.url.replace(/\/+$/, '')
      const timeout = Number(flags.timeout)
      const steps: Step[] = []
      const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
        const started = performance.now()
        try {
          const value = await run()
          steps.push({ name, ms: performance.now() - started })
          writeLine(io.stdout, `ok    ${name} (${(performance.now() - started).toFixed(1)} ms)`)
          return value
        } catch (error) {
          throw new TradePulseError(
            'CLI_USAGE',
            `probe failed at "${name}": ${error instanceof Error ? error.message : String(error)}`,
            { field: '--url' },
          )
        }
      }
      const call = async (
        method: string,
        path: string,
        body?: unknown,
        headers: Record<string, string> = {},
      ): Promise<Record<string, unknown>> => {
        const response = await fetch(`${base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${key}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(timeout),
        })
        const text = await response.text()
        if (!response.ok)
          throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`)
        return JSON.parse(text) as Record<string, unknown>
      }
      await step('liveness /healthz', () => call('GET', '/healthz'))
      await step('readiness /readyz', () => call('GET', '/readyz'))
      const instruments = await step('read /api/v1/instruments', () => call('GET', '/api/v1/instruments'))
      const list = instruments.items as { id: string; tickSize: string }[]
      const instrument =
        flags.instrument === undefined ? list[0] : list.find((i) => i.id === flags.instrument)
      if (instrument === undefined)
        throw new TradePulseError('CLI_USAGE', `the server lists no instrument ${flags.instrument ?? ''}`, {
          field: '--instrument',
        })
      const order = await step('submit a paper order', async () => {
        const submitted = await call(
          'POST',
          '/api/v1/orders',
          {
            instrumentId: instrument.id,
            side: 'buy',
            type: 'limit',
            quantity: '1',
            price: instrument.tickSize,
            timeInForce: 'GTC',
          },
          { 'idempotency-key': `probe-${randomUUID()}` },
        )
        if (submitted.status !== 'accepted')
          throw new Error(
            `the order was ${String(submitted.status)}: ${typeof submitted.rejectReason === 'string' ? submitted.rejectReason : ''}`,
          )
        return submitted
      })
      await step('cancel it', async () => {
        const cancelled = await call('POST', `/api/v1/orders/${String(order.orderId)}/cancel`)
        if (cancelled.status !== 'cancelled' && cancelled.status !== 'pending-cancel')
          throw new Error(`the order is ${String(cancelled.status)}, not cancelled`)
      })
      writeLine(
        io.stdout,
        `probe passed: ${steps.length} steps in ${steps.reduce((s, x) => s + x.ms, 0).toFixed(1)} ms`,
      )
    })
}
