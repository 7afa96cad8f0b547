/**
 * One backtest: its status while it runs (live from the stream), then the report — the headline
 * metrics against the buy-and-hold benchmark, the equity curve, and the full self-contained HTML
 * report the run wrote.
 */
import type { JSX } from 'preact'
import { useMemo, useState } from 'preact/hooks'
import { type Job, type RunMetrics, api, equityOf, metricsOf, must } from '../api.ts'
import { TimeChart } from '../components/chart.tsx'
import { useEventStream } from '../events.tsx'
import { number, pct, time } from '../format.ts'
import { useResource } from '../resource.ts'
import { Link } from '../router.tsx'

export function MetricsTable(props: {
  readonly runs: readonly { readonly id: string; readonly metrics: RunMetrics }[]
}): JSX.Element {
  const rows: [string, (m: RunMetrics) => string][] = [
    ['Total return', (m) => pct(m.strategy.totalReturn)],
    ['Annualised return', (m) => pct(m.strategy.annualisedReturn)],
    ['Annualised volatility', (m) => pct(m.strategy.annualisedVolatility)],
    ['Sharpe', (m) => number(m.strategy.sharpe)],
    ['Sortino', (m) => number(m.strategy.sortino)],
    ['Calmar', (m) => number(m.strategy.calmar)],
    ['Max drawdown', (m) => pct(m.strategy.drawdown.maxDrawdown)],
    ['End equity', (m) => number(m.strategy.endEquity)],
    ['Trades', (m) => number(m.trades?.trades, 0)],
    ['Win rate', (m) => pct(m.trades?.winRate)],
    ['Profit factor', (m) => number(m.trades?.profitFactor)],
    ['Benchmark return', (m) => pct(m.benchmark?.totalReturn)],
  ]
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label="Metrics">
      <table data-testid="metrics">
        <caption>Metrics</caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            {props.runs.map((r) => (
              <th scope="col" key={r.id}>
                {r.id.slice(0, 8)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, read]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              {props.runs.map((r) => (
                <td class="num" key={r.id}>
                  {read(r.metrics)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function BacktestPage(props: { readonly id: string }): JSX.Element {
  const job = useResource(
    () => must(api.GET('/api/v1/backtests/{id}', { params: { path: { id: props.id } } })),
    [props.id],
  )
  const [live, setLive] = useState<Job | undefined>(undefined)
  useEventStream(['job'], (event) => {
    if (event.data.id === props.id) setLive(event.data as unknown as Job)
  })
  const current = (live ?? job.data) as Job | undefined
  const succeeded = current?.status === 'succeeded'
  const results = useResource(
    async () =>
      succeeded ? { metrics: await metricsOf(props.id), equity: await equityOf(props.id) } : undefined,
    [props.id, succeeded],
  )
  const series = useMemo(() => {
    const equity = results.data?.equity
    if (equity === undefined) return []
    return [
      {
        kind: 'line' as const,
        title: 'Strategy',
        time: equity.time,
        values: equity.equity,
        color: '#0b3d91',
      },
      ...(equity.benchmark === undefined
        ? []
        : [
            {
              kind: 'line' as const,
              title: 'Buy and hold',
              time: equity.time,
              values: equity.benchmark,
              color: '#9a6700',
            },
          ]),
    ]
  }, [results.data])
  return (
    <section aria-labelledby="page-title">
      <p>
        <Link href="/backtests">← All backtests</Link>
      </p>
      <h1 id="page-title">Backtest {props.id.slice(0, 8)}</h1>
      {job.error === undefined ? null : <p class="error">{job.error}</p>}
      {current === undefined ? null : (
        <dl class="card inline-card">
          <div>
            <dt>Status</dt>
            <dd data-testid="backtest-status">{current.status}</dd>
          </div>
          <div>
            <dt>Progress</dt>
            <dd>
              <progress max={1} value={current.progress} aria-label="Progress" /> {pct(current.progress)}
            </dd>
          </div>
          <div>
            <dt>Started</dt>
            <dd>{time(current.startedAt)}</dd>
          </div>
          <div>
            <dt>Finished</dt>
            <dd>{time(current.finishedAt)}</dd>
          </div>
          {current.error === null ? null : (
            <div>
              <dt>Error</dt>
              <dd class="error">{current.error}</dd>
            </div>
          )}
        </dl>
      )}
      {results.data === undefined ? null : (
        <>
          <section class="panel" aria-labelledby="report-title">
            <h2 id="report-title">Report</h2>
            <TimeChart
              label={`Equity of run ${props.id.slice(0, 8)} against buy and hold`}
              series={series}
              testId="equity-chart"
            />
            <MetricsTable runs={[{ id: props.id, metrics: results.data.metrics }]} />
            <p>
              <a
                href={`/api/v1/backtests/${encodeURIComponent(props.id)}/report`}
                target="_blank"
                rel="noopener"
              >
                Open the full HTML report
              </a>
            </p>
          </section>
        </>
      )}
    </section>
  )
}
