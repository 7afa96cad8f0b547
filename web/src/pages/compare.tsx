/** Two or more finished runs side by side: their metrics in columns and their equity curves on one chart. */
import type { JSX } from 'preact'
import { useMemo } from 'preact/hooks'
import { equityOf, metricsOf } from '../api.ts'
import { TimeChart } from '../components/chart.tsx'
import { useResource } from '../resource.ts'
import { Link } from '../router.tsx'
import { MetricsTable } from './backtest.tsx'

const COLOURS = ['#0b3d91', '#9a6700', '#1a7f37', '#8250df', '#c62828', '#0969da']

export function ComparePage(props: { readonly ids: readonly string[] }): JSX.Element {
  const runs = useResource(
    () =>
      Promise.all(
        props.ids.map(async (id) => ({ id, metrics: await metricsOf(id), equity: await equityOf(id) })),
      ),
    [props.ids.join(',')],
  )
  const series = useMemo(
    () =>
      (runs.data ?? []).map((run, i) => ({
        kind: 'line' as const,
        title: run.id.slice(0, 8),
        time: run.equity.time,
        values: run.equity.equity,
        color: COLOURS[i % COLOURS.length]!,
      })),
    [runs.data],
  )
  return (
    <section aria-labelledby="page-title">
      <p>
        <Link href="/backtests">← All backtests</Link>
      </p>
      <h1 id="page-title">Compare {props.ids.length} runs</h1>
      {runs.error === undefined ? null : <p class="error">{runs.error}</p>}
      {runs.data === undefined ? (
        <p class="muted">Loading…</p>
      ) : (
        <section class="panel" aria-labelledby="compare-title">
          <h2 id="compare-title">Equity and metrics</h2>
          <TimeChart
            label={`Equity curves of runs ${props.ids.map((id) => id.slice(0, 8)).join(', ')}`}
            series={series}
            testId="compare-chart"
          />
          <MetricsTable runs={runs.data} />
        </section>
      )}
    </section>
  )
}
