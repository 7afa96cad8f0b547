/**
 * Research: the sweeps under the service's data dir (`GET /api/v1/research/sweeps`). For one sweep,
 * a heat map of the rank metric over two swept parameters (the best value over the others), the
 * distribution of the metric over every trial, and the overfitting statistics — the deflated
 * Sharpe ratio of the best trial and the probability of backtest overfitting.
 */
import type { JSX } from 'preact'
import { useMemo, useState } from 'preact/hooks'
import { type SweepDetail, api, must } from '../api.ts'
import { Table } from '../components/tables.tsx'
import { number, pct, time } from '../format.ts'
import { useResource } from '../resource.ts'

type Sweep = SweepDetail

async function loadSweep(id: string): Promise<Sweep> {
  return must(api.GET('/api/v1/research/sweeps/{id}', { params: { path: { id } } }))
}

const LEVELS = 8

/** Parameters that take more than one value in the ranking, with their values in order. */
function dimensions(sweep: Sweep): [string, (string | number)[]][] {
  const values = new Map<string, Set<string | number>>()
  for (const row of sweep.ranking)
    for (const [name, value] of Object.entries(row.params))
      if (typeof value === 'number' || typeof value === 'string') {
        const set = values.get(name) ?? new Set()
        set.add(value)
        values.set(name, set)
      }
  return [...values.entries()]
    .filter(([, set]) => set.size > 1)
    .map(([name, set]) => [
      name,
      [...set].sort((a, b) =>
        typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)),
      ),
    ])
}

function HeatMap(props: { readonly sweep: Sweep }): JSX.Element {
  const dims = useMemo(() => dimensions(props.sweep), [props.sweep])
  const [xName, setX] = useState(dims[0]?.[0] ?? '')
  const [yName, setY] = useState(dims[1]?.[0] ?? dims[0]?.[0] ?? '')
  const xs = dims.find(([n]) => n === xName)?.[1] ?? []
  const ys = dims.find(([n]) => n === yName)?.[1] ?? []
  const better = (a: number, b: number): boolean => (props.sweep.direction === 'max' ? a > b : a < b)
  const cells = new Map<string, number>()
  for (const row of props.sweep.ranking) {
    if (row.value === null) continue
    const key = `${String(row.params[xName])}|${String(row.params[yName])}`
    const seen = cells.get(key)
    if (seen === undefined || better(row.value, seen)) cells.set(key, row.value)
  }
  const all = [...cells.values()]
  const low = Math.min(...all)
  const high = Math.max(...all)
  const level = (v: number): number =>
    high === low ? LEVELS - 1 : Math.min(LEVELS - 1, Math.floor(((v - low) / (high - low)) * LEVELS))
  if (dims.length === 0) return <p class="muted">Only one combination varies: no heat map.</p>
  return (
    <div>
      <div class="form-grid">
        <div class="field">
          <label for="heat-x">Columns</label>
          <select
            id="heat-x"
            value={xName}
            onChange={(e) => {
              setX(e.currentTarget.value)
            }}
          >
            {dims.map(([n]) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="heat-y">Rows</label>
          <select
            id="heat-y"
            value={yName}
            onChange={(e) => {
              setY(e.currentTarget.value)
            }}
          >
            {dims.map(([n]) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="table-scroll" tabIndex={0} role="region" aria-label="Heat map">
        <table class="heat" data-testid="heat-map">
          <caption>
            Best {props.sweep.metric} by {yName} (rows) and {xName} (columns), over the other parameters
          </caption>
          <thead>
            <tr>
              <th scope="col">
                {yName} \ {xName}
              </th>
              {xs.map((x) => (
                <th scope="col" key={String(x)}>
                  {String(x)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ys.map((y) => (
              <tr key={String(y)}>
                <th scope="row">{String(y)}</th>
                {xs.map((x) => {
                  const value = cells.get(`${String(x)}|${String(y)}`)
                  return (
                    <td key={String(x)} class={value === undefined ? 'num' : `num heat-${level(value)}`}>
                      {value === undefined ? '—' : number(value, 3)}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}

function Distribution(props: { readonly sweep: Sweep }): JSX.Element {
  const values = props.sweep.ranking.map((r) => r.value).filter((v): v is number => v !== null)
  const bins = Math.max(5, Math.min(30, Math.ceil(Math.sqrt(values.length))))
  const low = Math.min(...values)
  const high = Math.max(...values)
  const width = (high - low) / bins || 1
  const counts = Array.from({ length: bins }, () => 0)
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - low) / width))]! += 1
  const peak = Math.max(...counts, 1)
  const W = 600
  const H = 160
  const bar = W / bins
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${W} ${H + 20}`}
        class="histogram"
        role="img"
        aria-label={`Distribution of ${props.sweep.metric} over ${values.length} trials, from ${number(low, 3)} to ${number(high, 3)}`}
        data-testid="trial-distribution"
      >
        {counts.map((count, i) => (
          <rect
            key={i}
            x={i * bar + 1}
            y={H - (count / peak) * H}
            width={bar - 2}
            height={(count / peak) * H}
            fill="#0b3d91"
          />
        ))}
        <line x1="0" y1={H} x2={W} y2={H} stroke="#57606a" />
        <text x="0" y={H + 16} font-size="12" fill="#1f2933">
          {number(low, 3)}
        </text>
        <text x={W} y={H + 16} font-size="12" fill="#1f2933" text-anchor="end">
          {number(high, 3)}
        </text>
      </svg>
      <figcaption>
        {props.sweep.metric} of every trial ({values.length}), in {bins} bins
      </figcaption>
    </figure>
  )
}

function Overfitting(props: { readonly sweep: Sweep }): JSX.Element {
  const o = props.sweep.overfitting
  if (o === null) return <p class="muted">This sweep has no overfitting statistics.</p>
  return (
    <dl class="card inline-card" data-testid="overfitting">
      <div>
        <dt>Deflated Sharpe ratio (best trial)</dt>
        <dd>{o.deflatedSharpe === null ? '—' : number(o.deflatedSharpe.deflatedSharpe, 3)}</dd>
      </div>
      <div>
        <dt>Probability of backtest overfitting</dt>
        <dd>{o.pbo === null ? '—' : pct(o.pbo.probability)}</dd>
      </div>
      <div>
        <dt>Trials</dt>
        <dd>{o.trials}</dd>
      </div>
      <div>
        <dt>Verdict</dt>
        <dd class="verdict">{o.verdict}</dd>
      </div>
    </dl>
  )
}

export function ResearchPage(): JSX.Element {
  const sweeps = useResource(async () => (await must(api.GET('/api/v1/research/sweeps'))).items, [])
  const [chosen, setChosen] = useState<string | undefined>(undefined)
  const id = chosen ?? sweeps.data?.[0]?.id
  const sweep = useResource(async () => (id === undefined ? undefined : loadSweep(id)), [id])
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Research</h1>
      <section class="panel" aria-labelledby="sweeps-title">
        <h2 id="sweeps-title">Sweeps</h2>
        <p class="muted">
          Sweep folders under the service's data dir:{' '}
          <code>tradepulse sweep --out &lt;dataDir&gt;/sweeps</code>.
        </p>
        {sweeps.error === undefined ? null : <p class="error">{sweeps.error}</p>}
        <Table
          caption="Sweeps, newest first"
          head={['Sweep', 'Strategy', 'Trials', 'Metric', 'Best', 'Created', 'Show']}
          empty="No sweeps yet."
          rows={sweeps.data?.length ?? 0}
          testId="sweeps"
        >
          {(sweeps.data ?? []).map((s) => (
            <tr key={s.id}>
              <th scope="row">
                <code>{s.id}</code>
              </th>
              <td>{s.strategy}</td>
              <td class="num">{s.evaluated}</td>
              <td>
                {s.metric} ({s.direction})
              </td>
              <td class="num">{number(s.best, 3)}</td>
              <td>{time(s.created)}</td>
              <td>
                <button
                  type="button"
                  aria-pressed={s.id === id}
                  aria-label={`Show sweep ${s.id}`}
                  onClick={() => {
                    setChosen(s.id)
                  }}
                >
                  Show
                </button>
              </td>
            </tr>
          ))}
        </Table>
      </section>
      {sweep.data === undefined ? null : (
        <section class="panel" aria-labelledby="sweep-title">
          <h2 id="sweep-title">
            Sweep <code>{sweep.data.id}</code>: {sweep.data.strategy}
          </h2>
          <Overfitting sweep={sweep.data} />
          <div class="grid two">
            <section aria-labelledby="heat-title">
              <h3 id="heat-title">Heat map</h3>
              <HeatMap key={sweep.data.id} sweep={sweep.data} />
            </section>
            <section aria-labelledby="dist-title">
              <h3 id="dist-title">Trial distribution</h3>
              <Distribution sweep={sweep.data} />
            </section>
          </div>
        </section>
      )}
    </section>
  )
}
