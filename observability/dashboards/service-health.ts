/** The HTTP service and the Node.js processes behind it. */
import { type Dashboard, dashboard, graph, stat } from './panels.ts'

export const serviceHealth: Dashboard = dashboard({
  uid: 'tradepulse-service-health',
  title: 'TradePulse / Service health',
  description:
    'HTTP traffic, errors and latency per route, and the processes: event-loop lag, CPU, memory, GC.',
  tags: ['tradepulse', 'service'],
  panels: [
    stat(
      'Targets up',
      'Scrape targets answering, out of those configured.',
      'short',
      'sum(up{job="tradepulse"})',
      1,
      true,
    ),
    stat(
      '5xx share (5m)',
      'Share of API requests answered with a 5xx over 5 minutes; the budget is 0.1 %.',
      'percentunit',
      'tradepulse:slo_api_errors:ratio_rate5m',
      0.001,
    ),
    stat(
      'Event-loop lag p99',
      'Worst 99th-percentile event-loop delay across instances; the alert fires past 200 ms.',
      's',
      'max(nodejs_eventloop_lag_p99_seconds)',
      0.2,
    ),
    stat(
      'Restarts (1h)',
      'Process starts in the last hour.',
      'short',
      'sum(changes(process_start_time_seconds[1h]))',
      1,
    ),
    graph('Requests by route', 'Requests per second by route and status.', 'reqps', [
      {
        expr: 'sum by (route, status) (rate(tradepulse_http_requests_total[$__rate_interval]))',
        legendFormat: '{{route}} {{status}}',
      },
    ]),
    graph('Request latency p99 by route', '99th percentile of request duration per route.', 's', [
      {
        expr: 'histogram_quantile(0.99, sum by (le, route) (rate(tradepulse_http_request_duration_seconds_bucket[$__rate_interval])))',
        legendFormat: '{{route}}',
      },
    ]),
    graph('Event-loop lag', 'Event-loop delay per instance: p50 and p99.', 's', [
      { expr: 'nodejs_eventloop_lag_p50_seconds', legendFormat: 'p50 {{instance}}' },
      { expr: 'nodejs_eventloop_lag_p99_seconds', legendFormat: 'p99 {{instance}}' },
    ]),
    graph(
      'CPU and GC',
      'CPU seconds per second, and the share of time in garbage collection.',
      'percentunit',
      [
        { expr: 'rate(process_cpu_seconds_total[$__rate_interval])', legendFormat: 'CPU {{instance}}' },
        {
          expr: 'sum by (instance) (rate(nodejs_gc_duration_seconds_sum[$__rate_interval]))',
          legendFormat: 'GC {{instance}}',
        },
      ],
    ),
    graph('Memory', 'Resident memory and the V8 heap used.', 'bytes', [
      { expr: 'process_resident_memory_bytes', legendFormat: 'resident {{instance}}' },
      { expr: 'nodejs_heap_size_used_bytes', legendFormat: 'heap used {{instance}}' },
    ]),
  ],
})
