/** Backtest jobs and the distributed sweep queue. */
import { type Dashboard, dashboard, graph, latency, rate, stat } from './panels.ts'

export const backtests: Dashboard = dashboard({
  uid: 'tradepulse-backtests',
  title: 'TradePulse / Backtests',
  description:
    'Backtest jobs queued, running and finished with their durations, and the sweep queue with its workers.',
  tags: ['tradepulse', 'research'],
  panels: [
    stat(
      'Queued',
      'Backtest jobs waiting for a runner.',
      'short',
      'sum(tradepulse_backtest_jobs{state="queued"})',
    ),
    stat('Running', 'Backtest jobs running now.', 'short', 'sum(tradepulse_backtest_jobs{state="running"})'),
    stat(
      'Within 300 s (6h)',
      'Share of backtest jobs finished within 300 s over 6 hours; objective 95 %.',
      'percentunit',
      '1 - tradepulse:slo_backtest_slow:ratio_rate6h',
      0.95,
      true,
    ),
    stat('Sweep workers', 'Sweep workers alive.', 'short', 'sum(tradepulse_sweep_workers)', 1, true),
    graph('Backtest jobs', 'Jobs queued and running.', 'short', [
      { expr: 'sum by (state) (tradepulse_backtest_jobs)', legendFormat: '{{state}}' },
    ]),
    rate(
      'Jobs finished',
      'Jobs finished per second, by outcome.',
      'tradepulse_backtest_jobs_finished_total',
      'outcome',
    ),
    latency(
      'Job duration',
      'Median and 99th percentile of a job, enqueued to finished.',
      'tradepulse_backtest_job_duration_seconds',
    ),
    graph(
      'Sweep queue',
      'Combinations on the distributed sweep queue by state, and the workers taking them.',
      'short',
      [
        { expr: 'sum by (state) (tradepulse_sweep_queue_depth)', legendFormat: '{{state}}' },
        { expr: 'sum(tradepulse_sweep_workers)', legendFormat: 'workers' },
      ],
    ),
  ],
})
