/**
 * Every Prometheus series TradePulse exports, created in one place. The names and labels are a
 * contract: the alert and recording rules and the dashboards under observability/ query them,
 * and `make obs-validate` checks that every metric those files use is registered here.
 *
 * Handles are typed by their labels, so a caller cannot set a label a series does not have.
 * Units follow Prometheus conventions: seconds, `_total` for counters, unix seconds for times.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/**
 * Order latencies in a process range from microseconds (an in-process simulated venue) to
 * seconds (a remote exchange under load): 100 µs to 10 s, roughly ×2.5 per step. The SLO
 * thresholds (docs/observability.md) — 50 ms and 250 ms — are bucket bounds, so the SLI is exact.
 */
export const ORDER_LATENCY_BUCKETS: readonly number[] = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]

/** HTTP handlers: 1 ms to 10 s; 0.5 s, the latency objective of the API, is a bound. */
export const HTTP_LATENCY_BUCKETS: readonly number[] = [
  0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]

/** Backtest jobs: a second to two hours; 300 s, the job-latency objective, is a bound. */
export const BACKTEST_DURATION_BUCKETS: readonly number[] = [
  1, 5, 15, 30, 60, 120, 300, 600, 1200, 3600, 7200,
]

export type BacktestJobState = 'queued' | 'running'
export type BacktestJobOutcome = 'succeeded' | 'failed' | 'cancelled'

export interface TradePulseMetrics {
  readonly registry: Registry
  readonly httpRequests: Counter<'method' | 'route' | 'status'>
  readonly httpRequestDuration: Histogram<'method' | 'route'>
  readonly ordersSubmitted: Counter<'venue' | 'side' | 'type'>
  /** `reason` is the risk engine's reason code (risk-limits.ts), or the venue's for a venue rejection. */
  readonly ordersRejected: Counter<'reason'>
  readonly ordersCancelled: Counter<'venue'>
  readonly fills: Counter<'venue' | 'side'>
  /** Submit → acknowledged by the venue. */
  readonly orderAckLatency: Histogram
  /** Submit → first fill. */
  readonly orderFillLatency: Histogram
  readonly openOrders: Gauge
  /** Signed position in lots per instrument. */
  readonly positionQuantity: Gauge<'instrument'>
  /** 1 while the kill switch is tripped, 0 otherwise. */
  readonly killSwitchEngaged: Gauge
  /** Unix seconds of the last bar or quote per instrument; rules compute `time() - value`. */
  readonly marketDataLastUpdate: Gauge<'instrument'>
  readonly backtestJobs: Gauge<'state'>
  readonly backtestJobsFinished: Counter<'outcome'>
  readonly backtestJobDuration: Histogram
  readonly sweepQueueDepth: Gauge<'state'>
  readonly sweepWorkers: Gauge
}

export interface TradePulseMetricsOptions {
  /** Node's process metrics (CPU, memory, GC, event-loop lag); on by default. */
  readonly defaultMetrics?: boolean
}

/**
 * Registers the TradePulse series (and by default the process metrics) in `registry`, a fresh
 * one when absent: the global `register` of prom-client is never touched, so two instances in a
 * test or a benchmark do not collide.
 */
export function createTradePulseMetrics(
  registry: Registry = new Registry(),
  options: TradePulseMetricsOptions = {},
): TradePulseMetrics {
  const registers = [registry]
  if (options.defaultMetrics ?? true) {
    // 10 ms resolution is what the event-loop-lag alert needs; finer costs CPU for nothing.
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 })
  }
  const metrics: TradePulseMetrics = {
    registry,
    httpRequests: new Counter({
      name: 'tradepulse_http_requests_total',
      help: 'HTTP requests served, by method, route template and status code.',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    }),
    httpRequestDuration: new Histogram({
      name: 'tradepulse_http_request_duration_seconds',
      help: 'HTTP request duration, from the request arriving to the response sent.',
      labelNames: ['method', 'route'] as const,
      buckets: [...HTTP_LATENCY_BUCKETS],
      registers,
    }),
    ordersSubmitted: new Counter({
      name: 'tradepulse_orders_submitted_total',
      help: 'Orders that passed the risk checks and were sent to a venue.',
      labelNames: ['venue', 'side', 'type'] as const,
      registers,
    }),
    ordersRejected: new Counter({
      name: 'tradepulse_orders_rejected_total',
      help: 'Orders rejected, by reason code (the risk engine’s, or the venue’s).',
      labelNames: ['reason'] as const,
      registers,
    }),
    ordersCancelled: new Counter({
      name: 'tradepulse_orders_cancelled_total',
      help: 'Orders cancelled (by request, by the venue, or by the kill switch).',
      labelNames: ['venue'] as const,
      registers,
    }),
    fills: new Counter({
      name: 'tradepulse_fills_total',
      help: 'Fills applied to orders.',
      labelNames: ['venue', 'side'] as const,
      registers,
    }),
    orderAckLatency: new Histogram({
      name: 'tradepulse_order_ack_latency_seconds',
      help: 'Time from an order’s submission to its acknowledgement by the venue.',
      buckets: [...ORDER_LATENCY_BUCKETS],
      registers,
    }),
    orderFillLatency: new Histogram({
      name: 'tradepulse_order_fill_latency_seconds',
      help: 'Time from an order’s submission to its first fill.',
      buckets: [...ORDER_LATENCY_BUCKETS],
      registers,
    }),
    openOrders: new Gauge({
      name: 'tradepulse_open_orders',
      help: 'Orders working (not filled, cancelled, rejected or expired).',
      registers,
    }),
    positionQuantity: new Gauge({
      name: 'tradepulse_position_quantity',
      help: 'Signed position per instrument, in lots.',
      labelNames: ['instrument'] as const,
      registers,
    }),
    killSwitchEngaged: new Gauge({
      name: 'tradepulse_kill_switch_engaged',
      help: '1 while the kill switch is tripped (no new orders), 0 otherwise.',
      registers,
    }),
    marketDataLastUpdate: new Gauge({
      name: 'tradepulse_market_data_last_update_seconds',
      help: 'Unix time, in seconds, of the last bar or quote received per instrument.',
      labelNames: ['instrument'] as const,
      registers,
    }),
    backtestJobs: new Gauge({
      name: 'tradepulse_backtest_jobs',
      help: 'Backtest jobs queued or running.',
      labelNames: ['state'] as const,
      registers,
    }),
    backtestJobsFinished: new Counter({
      name: 'tradepulse_backtest_jobs_finished_total',
      help: 'Backtest jobs finished, by outcome (succeeded, failed, cancelled).',
      labelNames: ['outcome'] as const,
      registers,
    }),
    backtestJobDuration: new Histogram({
      name: 'tradepulse_backtest_job_duration_seconds',
      help: 'Backtest job duration, from enqueued to finished.',
      buckets: [...BACKTEST_DURATION_BUCKETS],
      registers,
    }),
    sweepQueueDepth: new Gauge({
      name: 'tradepulse_sweep_queue_depth',
      help: 'Sweep tasks in the distributed queue, by state.',
      labelNames: ['state'] as const,
      registers,
    }),
    sweepWorkers: new Gauge({
      name: 'tradepulse_sweep_workers',
      help: 'Sweep workers alive (heartbeat within its lease).',
      registers,
    }),
  }
  // Series that a rule reads must exist at zero before anything happens: `absent()` and rate()
  // over a series that appears late both mislead, so the unlabelled ones and known states start at 0.
  metrics.killSwitchEngaged.set(0)
  metrics.openOrders.set(0)
  metrics.sweepWorkers.set(0)
  for (const state of ['queued', 'running'] as const) metrics.backtestJobs.set({ state }, 0)
  for (const outcome of ['succeeded', 'failed', 'cancelled'] as const)
    metrics.backtestJobsFinished.inc({ outcome }, 0)
  return metrics
}
