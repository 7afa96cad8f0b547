/**
 * Data: upload a CSV or Parquet bar file and read its validation report (every problem with its
 * line, field and what was done about it); browse the stored data sets and chart one.
 */
import type { JSX } from 'preact'
import { useState } from 'preact/hooks'
import { type Dataset, api, messageOf, must, uploadDataset } from '../api.ts'
import { PriceChart } from '../components/price-chart.tsx'
import { Table } from '../components/tables.tsx'
import { decimal, time } from '../format.ts'
import { useResource } from '../resource.ts'
import { useCan } from '../session.tsx'

interface Issue {
  readonly line?: number
  readonly field?: string
  readonly code?: string
  readonly severity?: string
  readonly message?: string
  readonly action?: string
}

interface UploadOutcome {
  readonly ok: boolean
  readonly headline: string
  readonly issues: readonly Issue[]
  readonly notes: readonly string[]
}

function outcomeOf(status: number, body: Record<string, unknown>): UploadOutcome {
  const report = (body.report ?? {}) as {
    issues?: Issue[]
    notes?: string[]
    barsAccepted?: number
    rowsRead?: number
  }
  const issues = Array.isArray(report.issues) ? report.issues : []
  const notes = Array.isArray(report.notes) ? report.notes : []
  if (status === 200 || status === 201)
    return {
      ok: true,
      headline: `${status === 201 ? 'Stored' : 'Already stored'} as data set ${String(body.id)}: ${String(body.rowCount)} bars, ${issues.length} issue(s)`,
      issues,
      notes,
    }
  return {
    ok: false,
    headline: `Refused: ${typeof body.detail === 'string' ? body.detail : `HTTP ${status}`}`,
    issues,
    notes,
  }
}

function UploadForm(props: { onUploaded(): void }): JSX.Element {
  const [file, setFile] = useState<File | undefined>(undefined)
  const [policy, setPolicy] = useState<'strict' | 'repair'>('strict')
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<UploadOutcome | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault()
    if (file === undefined) return
    setBusy(true)
    setError(undefined)
    try {
      const { status, body } = await uploadDataset(file, policy)
      setOutcome(outcomeOf(status, body))
      if (status < 300) props.onUploaded()
    } catch (failure) {
      setError(messageOf(failure))
    } finally {
      setBusy(false)
    }
  }
  return (
    <section class="panel" aria-labelledby="upload-title">
      <h2 id="upload-title">Upload a bar file</h2>
      <form class="form-grid" onSubmit={(e) => void submit(e)}>
        <div class="field">
          <label for="upload-file">CSV or Parquet file</label>
          <input
            id="upload-file"
            type="file"
            accept=".csv,.txt,.parquet,text/csv"
            required
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0])
            }}
          />
        </div>
        <div class="field">
          <label for="upload-policy">Policy</label>
          <select
            id="upload-policy"
            value={policy}
            onChange={(e) => {
              setPolicy(e.currentTarget.value as 'strict' | 'repair')
            }}
          >
            <option value="strict">strict: refuse a file with any error</option>
            <option value="repair">repair: fix what can be fixed</option>
          </select>
        </div>
        <button type="submit" class="primary" disabled={busy || file === undefined}>
          Upload and validate
        </button>
      </form>
      {error === undefined ? null : (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {outcome === undefined ? null : (
        <div data-testid="validation-report">
          <h3>Validation report</h3>
          <p role="status" class={outcome.ok ? 'up' : 'error'} data-testid="upload-headline">
            {outcome.headline}
          </p>
          <Table
            caption="Problems by line"
            head={['Line', 'Field', 'Severity', 'Problem', 'Action']}
            empty="No problems found."
            rows={outcome.issues.length}
            testId="issues"
          >
            {outcome.issues.map((issue, i) => (
              <tr key={i}>
                <th scope="row">{issue.line ?? '—'}</th>
                <td>{issue.field ?? '—'}</td>
                <td class={issue.severity === 'error' ? 'down' : ''}>{issue.severity ?? '—'}</td>
                <td>{issue.message ?? issue.code ?? ''}</td>
                <td>{issue.action ?? '—'}</td>
              </tr>
            ))}
          </Table>
          {outcome.notes.length === 0 ? null : (
            <ul class="notes">
              {outcome.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  )
}

function DatasetChart(props: { readonly dataset: Dataset }): JSX.Element {
  const bars = useResource(
    () =>
      must(
        api.GET('/api/v1/datasets/{id}/bars', {
          params: { path: { id: props.dataset.id }, query: { limit: 2000 } },
        }),
      ),
    [props.dataset.id],
  )
  if (bars.error !== undefined) return <p class="error">{bars.error}</p>
  if (bars.data === undefined) return <p class="muted">Loading bars…</p>
  return <PriceChart name={props.dataset.name} bars={bars.data} testId="dataset-chart" />
}

export function DataPage(): JSX.Element {
  const trade = useCan('trade')
  const datasets = useResource(
    async () => (await must(api.GET('/api/v1/datasets', { params: { query: { limit: 200 } } }))).items,
    [],
  )
  const [shown, setShown] = useState<string | undefined>(undefined)
  const selected = datasets.data?.find((d) => d.id === shown) ?? datasets.data?.[0]
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Data</h1>
      {trade ? (
        <UploadForm
          onUploaded={() => {
            datasets.reload()
          }}
        />
      ) : (
        <p class="muted">Uploading needs a key with the trade scope.</p>
      )}
      <section class="panel" aria-labelledby="datasets-title">
        <h2 id="datasets-title">Data sets</h2>
        {datasets.error === undefined ? null : <p class="error">{datasets.error}</p>}
        <Table
          caption="Stored data sets, newest first"
          head={['Name', 'Format', 'Bars', 'Size (bytes)', 'Uploaded', 'Chart']}
          empty="No data sets yet."
          rows={datasets.data?.length ?? 0}
          testId="datasets"
        >
          {(datasets.data ?? []).map((d) => (
            <tr key={d.id}>
              <th scope="row">{d.name}</th>
              <td>{d.format}</td>
              <td class="num">{decimal(String(d.rowCount))}</td>
              <td class="num">{decimal(String(d.sizeBytes))}</td>
              <td>{time(d.createdAt)}</td>
              <td>
                <button
                  type="button"
                  aria-pressed={selected?.id === d.id}
                  onClick={() => {
                    setShown(d.id)
                  }}
                  aria-label={`Chart ${d.name}`}
                >
                  Chart
                </button>
              </td>
            </tr>
          ))}
        </Table>
        {selected === undefined ? null : <DatasetChart dataset={selected} />}
      </section>
    </section>
  )
}
