/**
 * Backtests: start a run (strategy, its parameters as a form generated from the strategy's JSON
 * Schema, data sets, capital and frictions), watch every job's progress live from the stream, open
 * a finished run's report, and pick two or more runs to compare side by side.
 */
import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { type Job, type Strategy, api, messageOf, must } from '../api.ts'
import { type ParamValues, SchemaForm, defaultsOf } from '../components/schema-form.tsx'
import { Table } from '../components/tables.tsx'
import { useEventStream } from '../events.tsx'
import { pct, time } from '../format.ts'
import { useResource } from '../resource.ts'
import { Link, navigate } from '../router.tsx'
import { useCan } from '../session.tsx'

function StartForm(props: { onStarted(job: Job): void }): JSX.Element {
  const strategies = useResource(async () => (await must(api.GET('/api/v1/strategies'))).items, [])
  const datasets = useResource(
    async () => (await must(api.GET('/api/v1/datasets', { params: { query: { limit: 200 } } }))).items,
    [],
  )
  const [strategyName, setStrategyName] = useState('')
  const [params, setParams] = useState<ParamValues>({})
  const [datasetIds, setDatasetIds] = useState<readonly string[]>([])
  const [capital, setCapital] = useState('1000000')
  const [commissionBps, setCommissionBps] = useState('1')
  const [slippageBps, setSlippageBps] = useState('1')
  const [error, setError] = useState<string | undefined>(undefined)
  const strategy: Strategy | undefined =
    strategies.data?.find((s) => s.name === strategyName) ?? strategies.data?.[0]
  useEffect(() => {
    if (strategy !== undefined) setParams(defaultsOf(strategy.params))
  }, [strategy?.name])
  useEffect(() => {
    const first = datasets.data?.[0]
    if (datasetIds.length === 0 && first !== undefined) setDatasetIds([first.id])
  }, [datasets.data])
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault()
    if (strategy === undefined) return
    setError(undefined)
    try {
      const job = await must(
        api.POST('/api/v1/backtests', {
          body: {
            strategy: strategy.name,
            params: Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)),
            datasetIds: [...datasetIds],
            config: {
              initialCapital: Number(capital),
              commission: { basisPoints: Number(commissionBps) },
              slippage: { model: 'fixed-bps', basisPoints: Number(slippageBps) },
            },
          },
        }),
      )
      props.onStarted(job)
    } catch (failure) {
      setError(messageOf(failure))
    }
  }
  return (
    <form
      class="panel"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="start-title"
      data-testid="start-backtest"
    >
      <h2 id="start-title">Start a backtest</h2>
      <div class="form-grid">
        <div class="field">
          <label for="bt-strategy">Strategy</label>
          <select
            id="bt-strategy"
            value={strategy?.name ?? ''}
            onChange={(e) => {
              setStrategyName(e.currentTarget.value)
            }}
          >
            {(strategies.data ?? []).map((s) => (
              <option key={s.name} value={s.name}>
                {s.title}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="bt-datasets">Data sets (one per instrument)</label>
          <select
            id="bt-datasets"
            multiple
            size={Math.min(4, Math.max(2, datasets.data?.length ?? 2))}
            onChange={(e) => {
              setDatasetIds([...e.currentTarget.selectedOptions].map((o) => o.value))
            }}
          >
            {(datasets.data ?? []).map((d) => (
              <option key={d.id} value={d.id} selected={datasetIds.includes(d.id)}>
                {d.name} ({d.rowCount} bars)
              </option>
            ))}
          </select>
        </div>
      </div>
      {strategy === undefined ? null : (
        <fieldset>
          <legend>Parameters of {strategy.title}</legend>
          <p class="muted">{strategy.description}</p>
          <SchemaForm idPrefix="param" schema={strategy.params} values={params} onChange={setParams} />
        </fieldset>
      )}
      <fieldset>
        <legend>Capital and frictions</legend>
        <div class="form-grid">
          <div class="field">
            <label for="bt-capital">Initial capital</label>
            <input
              id="bt-capital"
              type="number"
              min="1"
              value={capital}
              onInput={(e) => {
                setCapital(e.currentTarget.value)
              }}
            />
          </div>
          <div class="field">
            <label for="bt-commission">Commission (basis points)</label>
            <input
              id="bt-commission"
              type="number"
              min="0"
              step="any"
              value={commissionBps}
              onInput={(e) => {
                setCommissionBps(e.currentTarget.value)
              }}
            />
          </div>
          <div class="field">
            <label for="bt-slippage">Slippage (basis points)</label>
            <input
              id="bt-slippage"
              type="number"
              min="0"
              step="any"
              value={slippageBps}
              onInput={(e) => {
                setSlippageBps(e.currentTarget.value)
              }}
            />
          </div>
        </div>
      </fieldset>
      <button type="submit" class="primary" disabled={strategy === undefined || datasetIds.length === 0}>
        Start backtest
      </button>
      {datasets.data?.length === 0 ? <p class="muted">Upload a data set on the Data page first.</p> : null}
      {error === undefined ? null : (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </form>
  )
}

function strategyOf(job: Job): string {
  const request = job.request as { strategy?: unknown } | null
  return typeof request?.strategy === 'string' ? request.strategy : '—'
}

export function BacktestsPage(): JSX.Element {
  const trade = useCan('trade')
  const jobs = useResource(
    async () => (await must(api.GET('/api/v1/backtests', { params: { query: { limit: 100 } } }))).items,
    [],
  )
  const [live, setLive] = useState<Readonly<Record<string, Job>>>({})
  const [chosen, setChosen] = useState<readonly string[]>([])
  useEventStream(['job'], (event) => {
    const job = event.data as unknown as Job
    setLive((map) => ({ ...map, [job.id]: job }))
  })
  const known = new Set((jobs.data ?? []).map((j) => j.id))
  const list = [
    ...Object.values(live)
      .filter((j) => !known.has(j.id))
      .reverse(),
    ...(jobs.data ?? []).map((j) => live[j.id] ?? j),
  ]
  const toggle = (id: string, on: boolean): void => {
    setChosen((ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)))
  }
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Backtests</h1>
      {trade ? (
        <StartForm
          onStarted={(job) => {
            setLive((map) => ({ ...map, [job.id]: job }))
          }}
        />
      ) : (
        <p class="muted">Starting a backtest needs a key with the trade scope.</p>
      )}
      <section class="panel" aria-labelledby="runs-title">
        <h2 id="runs-title">Runs</h2>
        {jobs.error === undefined ? null : <p class="error">{jobs.error}</p>}
        <Table
          caption="Backtest runs, newest first"
          head={['Compare', 'Job', 'Strategy', 'Status', 'Progress', 'Started', 'Finished']}
          empty="No backtests yet."
          rows={list.length}
          testId="jobs"
        >
          {list.map((job) => (
            <tr key={job.id} data-job-id={job.id}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Compare run ${job.id}`}
                  disabled={job.status !== 'succeeded'}
                  checked={chosen.includes(job.id)}
                  onChange={(e) => {
                    toggle(job.id, e.currentTarget.checked)
                  }}
                />
              </td>
              <th scope="row">
                <Link href={`/backtests/${encodeURIComponent(job.id)}`}>{job.id.slice(0, 8)}</Link>
              </th>
              <td>{strategyOf(job)}</td>
              <td data-testid="job-status">{job.status}</td>
              <td>
                <progress max={1} value={job.progress} aria-label={`Progress of ${job.id}`} />{' '}
                {pct(job.progress)}
              </td>
              <td>{time(job.startedAt)}</td>
              <td>{time(job.finishedAt)}</td>
            </tr>
          ))}
        </Table>
        <button
          type="button"
          disabled={chosen.length < 2}
          onClick={() => {
            navigate(`/backtests/compare?ids=${chosen.map(encodeURIComponent).join(',')}`)
          }}
        >
          Compare {chosen.length} selected runs
        </button>
      </section>
    </section>
  )
}
