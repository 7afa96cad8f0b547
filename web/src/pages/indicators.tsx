/**
 * Indicators: pick a data set and indicators (classic and geometric), computed by the server
 * (`POST /api/v1/indicators/{name}/compute`) with their parameters from their schemas' defaults or
 * as edited, and drawn under the price chart — averages and bands on the price, the rest in panes
 * of their own. Below it, the market-phase timeline: one bar per bar of data, coloured by phase.
 */
import type { JSX } from 'preact'
import { useEffect, useMemo, useState } from 'preact/hooks'
import { type Bars, type IndicatorInfo, type IndicatorValues, api, messageOf, must } from '../api.ts'
import type { SeriesSpec } from '../components/chart.tsx'
import { TimeChart } from '../components/chart.tsx'
import { PriceChart } from '../components/price-chart.tsx'
import { type ParamValues, SchemaForm, defaultsOf } from '../components/schema-form.tsx'
import { useResource } from '../resource.ts'

/** Phase index → name and colour (MARKET_PHASES in src/indicators/geometric/market-phase-rules.ts). */
export const PHASES = [
  { name: 'chaotic', colour: '#c62828' },
  { name: 'proto-emergent', colour: '#9a6700' },
  { name: 'strong-emergent', colour: '#1a7f37' },
  { name: 'transition', colour: '#8250df' },
  { name: 'post-emergent', colour: '#0969da' },
] as const

/** Indicators drawn on the price itself: same units as the price. */
const ON_PRICE = new Set([
  'sma',
  'ema',
  'wma',
  'dema',
  'tema',
  'bollinger',
  'keltner',
  'donchian',
  'vwap-rolling',
  'vwap-session',
])
const COLOURS = ['#0b3d91', '#9a6700', '#8250df', '#1a7f37', '#c62828', '#0969da', '#6e7781']
const LIMIT = 2000

interface Computed {
  readonly name: string
  readonly values: IndicatorValues
}

export function IndicatorsPage(): JSX.Element {
  const datasets = useResource(
    async () => (await must(api.GET('/api/v1/datasets', { params: { query: { limit: 200 } } }))).items,
    [],
  )
  const indicators = useResource(async () => (await must(api.GET('/api/v1/indicators'))).items, [])
  const [datasetId, setDatasetId] = useState('')
  const [chosen, setChosen] = useState<readonly string[]>(['sma', 'rsi'])
  const [params, setParams] = useState<Readonly<Record<string, ParamValues>>>({})
  const [computed, setComputed] = useState<readonly Computed[]>([])
  const [phases, setPhases] = useState<IndicatorValues | undefined>(undefined)
  const [bars, setBars] = useState<Bars | undefined>(undefined)
  const [status, setStatus] = useState('')
  useEffect(() => {
    const first = datasets.data?.[0]
    if (datasetId === '' && first !== undefined) setDatasetId(first.id)
  }, [datasets.data])
  const byName = new Map((indicators.data ?? []).map((i) => [i.name, i]))
  const paramsOf = (info: IndicatorInfo): ParamValues => params[info.name] ?? defaultsOf(info.params)

  const compute = async (event: Event): Promise<void> => {
    event.preventDefault()
    if (datasetId === '') return
    setStatus('Computing…')
    try {
      const run = (name: string, p: ParamValues): Promise<IndicatorValues> =>
        must(
          api.POST('/api/v1/indicators/{name}/compute', {
            params: { path: { name } },
            body: { datasetId, params: { ...p } },
          }),
        )
      const [priceBars, phase, ...values] = await Promise.all([
        must(
          api.GET('/api/v1/datasets/{id}/bars', {
            params: { path: { id: datasetId }, query: { limit: LIMIT } },
          }),
        ),
        run('market-phase', {}),
        ...chosen.map((name) => run(name, byName.get(name) === undefined ? {} : paramsOf(byName.get(name)!))),
      ])
      setBars(priceBars)
      setPhases(phase)
      setComputed(values.map((v, i) => ({ name: chosen[i]!, values: v })))
      setStatus(`Computed ${chosen.join(', ')} and the market phase`)
    } catch (failure) {
      setStatus(messageOf(failure))
    }
  }

  const below = useMemo<SeriesSpec[]>(() => {
    let pane = 0
    let colour = 0
    const specs: SeriesSpec[] = []
    for (const { name, values } of computed) {
      const onPrice = ON_PRICE.has(name)
      if (!onPrice) pane += 1
      const tail = values.time.length - Math.min(values.time.length, LIMIT)
      const time = values.time.slice(tail).map((t) => Date.parse(t))
      for (const [output, series] of Object.entries(values.outputs))
        specs.push({
          kind: 'line',
          title: output === 'value' ? name : `${name} ${output}`,
          time,
          values: series.slice(tail),
          color: COLOURS[colour++ % COLOURS.length]!,
          pane: onPrice ? 0 : pane,
        })
    }
    return specs
  }, [computed])

  const timeline = useMemo<SeriesSpec[]>(() => {
    if (phases === undefined) return []
    const codes = phases.outputs.phase ?? []
    const tail = codes.length - Math.min(codes.length, LIMIT)
    const shown = codes.slice(tail)
    return [
      {
        kind: 'histogram',
        title: 'Market phase',
        time: phases.time.slice(tail).map((t) => Date.parse(t)),
        values: shown.map((c) => (c === null ? null : 1)),
        colors: shown.map((c) => (c === null ? '#d0d7de' : (PHASES[c]?.colour ?? '#6e7781'))),
      },
    ]
  }, [phases])

  const counts = useMemo(() => {
    const tally = PHASES.map(() => 0)
    for (const c of phases?.outputs.phase ?? []) if (c !== null && tally[c] !== undefined) tally[c] += 1
    return tally
  }, [phases])

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Indicators</h1>
      <form class="panel" onSubmit={(e) => void compute(e)} aria-labelledby="pick-title">
        <h2 id="pick-title">Data set and indicators</h2>
        <div class="field">
          <label for="ind-dataset">Data set</label>
          <select
            id="ind-dataset"
            value={datasetId}
            onChange={(e) => {
              setDatasetId(e.currentTarget.value)
            }}
          >
            {(datasets.data ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend>Indicators</legend>
          <div class="checks">
            {(indicators.data ?? [])
              .filter((i) => i.name !== 'market-phase' && !i.inputs.includes('benchmark'))
              .map((i) => (
                <label key={i.name} class="inline" title={i.description}>
                  <input
                    type="checkbox"
                    checked={chosen.includes(i.name)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked
                      setChosen((list) => (on ? [...list, i.name] : list.filter((n) => n !== i.name)))
                    }}
                  />{' '}
                  {i.title} <span class="muted">({i.category})</span>
                </label>
              ))}
          </div>
        </fieldset>
        {chosen.map((name) => {
          const info = byName.get(name)
          if (info === undefined) return null
          return (
            <details key={name}>
              <summary>Parameters of {info.title}</summary>
              <SchemaForm
                idPrefix={`ind-${name}`}
                schema={info.params}
                values={paramsOf(info)}
                onChange={(values) => {
                  setParams((all) => ({ ...all, [name]: values }))
                }}
              />
            </details>
          )
        })}
        <button type="submit" class="primary" disabled={datasetId === ''}>
          Compute
        </button>
        <p role="status" class="status">
          {status}
        </p>
      </form>
      {bars === undefined ? null : (
        <section class="panel" aria-labelledby="ind-chart-title">
          <h2 id="ind-chart-title">Price and indicators</h2>
          <PriceChart
            name={datasets.data?.find((d) => d.id === datasetId)?.name ?? datasetId}
            bars={bars}
            below={below}
            testId="indicator-chart"
          />
          <h3 id="phase-title">Market-phase timeline</h3>
          <TimeChart
            label="Market phase per bar, coloured by phase"
            series={timeline}
            size="short"
            testId="phase-timeline"
          />
          <ul class="legend" aria-labelledby="phase-title">
            {PHASES.map((phase, i) => (
              <li key={phase.name}>
                <span class={`swatch phase-${i}`} aria-hidden="true" /> {phase.name}: {counts[i]} bars
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  )
}
