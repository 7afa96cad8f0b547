/**
 * Grafana dashboards as code: the shared builders every dashboard of this folder uses, so a
 * latency panel or a ratio stat looks and reads the same everywhere. `node
 * observability/dashboards/generate.ts` writes the JSON beside each module; `make obs-validate`
 * regenerates it and fails when the committed JSON differs, a query does not parse or a metric
 * is not one TradePulse registers.
 *
 * The JSON is the subset of Grafana's dashboard model (schemaVersion 39) these builders produce;
 * `validateDashboard` checks that shape, since Grafana itself is not packaged where CI runs.
 */

export type Unit = 'short' | 'percentunit' | 's' | 'ops' | 'reqps' | 'bytes' | 'dateTimeFromNow' | 'none'

export interface Target {
  readonly refId: string
  readonly expr: string
  readonly legendFormat: string
}

export interface Panel {
  readonly id: number
  readonly type: 'timeseries' | 'stat'
  readonly title: string
  readonly description: string
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number }
  readonly datasource: { readonly type: 'prometheus'; readonly uid: '${datasource}' }
  readonly targets: readonly Target[]
  readonly fieldConfig: {
    readonly defaults: {
      readonly unit: Unit
      readonly thresholds?: {
        readonly mode: 'absolute'
        readonly steps: readonly { readonly color: string; readonly value: number | null }[]
      }
    }
    readonly overrides: readonly never[]
  }
  readonly options: Readonly<Record<string, unknown>>
}

export interface Dashboard {
  readonly uid: string
  readonly title: string
  readonly description: string
  readonly tags: readonly string[]
  readonly schemaVersion: 39
  readonly editable: false
  readonly timezone: 'utc'
  readonly refresh: '30s'
  readonly time: { readonly from: string; readonly to: 'now' }
  readonly templating: { readonly list: readonly DatasourceVariable[] }
  readonly links: readonly {
    readonly title: string
    readonly type: 'dashboards'
    readonly tags: readonly string[]
  }[]
  readonly panels: readonly Panel[]
}

interface DatasourceVariable {
  readonly name: 'datasource'
  readonly label: 'Prometheus'
  readonly type: 'datasource'
  readonly query: 'prometheus'
}

/** What a dashboard module describes; the builder adds ids and positions. */
export interface PanelSpec {
  readonly type: Panel['type']
  readonly title: string
  readonly description: string
  readonly targets: readonly Omit<Target, 'refId'>[]
  readonly unit: Unit
  /** Stat panels: red from this value up (or down, with `lowIsBad`). */
  readonly redAt?: number
  readonly lowIsBad?: boolean
  /** Grid columns out of 24: 6 for a stat, 12 for a graph by default. */
  readonly width?: number
}

const HEIGHT = { stat: 4, timeseries: 8 } as const

/** A time series of one or more queries. */
export function graph(
  title: string,
  description: string,
  unit: Unit,
  targets: PanelSpec['targets'],
  width = 12,
): PanelSpec {
  return { type: 'timeseries', title, description, unit, targets, width }
}

/** One number, red past a threshold. */
export function stat(
  title: string,
  description: string,
  unit: Unit,
  expr: string,
  redAt?: number,
  lowIsBad = false,
): PanelSpec {
  return {
    type: 'stat',
    title,
    description,
    unit,
    targets: [{ expr, legendFormat: title }],
    ...(redAt === undefined ? {} : { redAt }),
    lowIsBad,
    width: 6,
  }
}

/** The quantiles of a histogram, one line each, from its `_bucket` series. */
export function latency(title: string, description: string, histogram: string, by = ''): PanelSpec {
  const grouping = by === '' ? 'le' : `le, ${by}`
  const suffix = by === '' ? '' : ` {{${by}}}`
  return graph(
    title,
    description,
    's',
    [0.5, 0.99].map((q) => ({
      expr: `histogram_quantile(${q}, sum by (${grouping}) (rate(${histogram}_bucket[$__rate_interval])))`,
      legendFormat: `p${q * 100}${suffix}`,
    })),
  )
}

/** A per-second rate of a counter, summed by `by`. */
export function rate(
  title: string,
  description: string,
  counter: string,
  by: string,
  unit: Unit = 'ops',
): PanelSpec {
  return graph(title, description, unit, [
    { expr: `sum by (${by}) (rate(${counter}[$__rate_interval]))`, legendFormat: `{{${by}}}` },
  ])
}

function thresholds(
  spec: PanelSpec,
): NonNullable<Panel['fieldConfig']['defaults']['thresholds']> | undefined {
  if (spec.redAt === undefined) return undefined
  const steps =
    spec.lowIsBad === true
      ? [
          { color: 'red', value: null },
          { color: 'green', value: spec.redAt },
        ]
      : [
          { color: 'green', value: null },
          { color: 'red', value: spec.redAt },
        ]
  return { mode: 'absolute', steps }
}

/** Lays the panels out left to right in rows of 24 columns, and numbers them. */
export function dashboard(meta: {
  readonly uid: string
  readonly title: string
  readonly description: string
  readonly tags: readonly string[]
  readonly panels: readonly PanelSpec[]
}): Dashboard {
  let x = 0
  let y = 0
  let rowHeight = 0
  const panels = meta.panels.map((spec, index): Panel => {
    const w = spec.width ?? 12
    const h = HEIGHT[spec.type]
    if (x + w > 24) {
      x = 0
      y += rowHeight
      rowHeight = 0
    }
    const gridPos = { x, y, w, h }
    x += w
    rowHeight = Math.max(rowHeight, h)
    const limits = thresholds(spec)
    return {
      id: index + 1,
      type: spec.type,
      title: spec.title,
      description: spec.description,
      gridPos,
      datasource: { type: 'prometheus', uid: '${datasource}' },
      targets: spec.targets.map((t, i) => ({ refId: String.fromCharCode(65 + i), ...t })),
      fieldConfig: {
        defaults: { unit: spec.unit, ...(limits === undefined ? {} : { thresholds: limits }) },
        overrides: [],
      },
      options:
        spec.type === 'stat'
          ? { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'background' }
          : { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } },
    }
  })
  return {
    uid: meta.uid,
    title: meta.title,
    description: meta.description,
    tags: meta.tags,
    schemaVersion: 39,
    editable: false,
    timezone: 'utc',
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: {
      list: [{ name: 'datasource', label: 'Prometheus', type: 'datasource', query: 'prometheus' }],
    },
    links: [{ title: 'TradePulse', type: 'dashboards', tags: ['tradepulse'] }],
    panels,
  }
}

/**
 * The shape check of a dashboard's JSON (what Grafana would refuse or render wrong): returns the
 * problems found, each naming the panel; empty when it is well-formed.
 */
export function validateDashboard(file: string, value: unknown): string[] {
  const problems: string[] = []
  const fail = (where: string, what: string): void => {
    problems.push(`${file}: ${where}: ${what}`)
  }
  if (typeof value !== 'object' || value === null) return [`${file}: not a JSON object`]
  const d = value as Record<string, unknown>
  for (const key of ['uid', 'title', 'description'] as const) {
    if (typeof d[key] !== 'string' || d[key] === '') fail(key, 'must be a non-empty string')
  }
  if (typeof d.uid === 'string' && !/^[a-z0-9-]{1,40}$/.test(d.uid))
    fail('uid', 'must be 1-40 of a-z, 0-9, -')
  if (d.schemaVersion !== 39) fail('schemaVersion', 'must be 39')
  if (!Array.isArray(d.panels) || d.panels.length === 0) {
    fail('panels', 'must be a non-empty array')
    return problems
  }
  const ids = new Set<unknown>()
  const cells = new Set<string>()
  for (const [index, raw] of (d.panels as unknown[]).entries()) {
    const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
    const where = `panel ${index + 1} (${typeof p.title === 'string' ? p.title : 'untitled'})`
    if (typeof p.id !== 'number' || ids.has(p.id)) fail(where, 'id must be a number unique in the dashboard')
    ids.add(p.id)
    if (p.type !== 'timeseries' && p.type !== 'stat')
      fail(where, `type must be timeseries or stat, was ${String(p.type)}`)
    if (typeof p.title !== 'string' || p.title === '') fail(where, 'title must be a non-empty string')
    if (typeof p.description !== 'string' || p.description === '')
      fail(where, 'description must say what the panel shows')
    const g = p.gridPos as Record<string, unknown> | undefined
    const fits =
      g !== undefined &&
      [g.x, g.y, g.w, g.h].every((n) => Number.isInteger(n) && (n as number) >= 0) &&
      (g.w as number) > 0 &&
      (g.h as number) > 0 &&
      (g.x as number) + (g.w as number) <= 24
    if (!fits) fail(where, 'gridPos must be whole x, y, w > 0, h > 0 within 24 columns')
    else {
      for (let cx = g.x as number; cx < (g.x as number) + (g.w as number); cx++) {
        for (let cy = g.y as number; cy < (g.y as number) + (g.h as number); cy++) {
          const cell = `${cx},${cy}`
          if (cells.has(cell)) fail(where, `overlaps another panel at column ${cx}, row ${cy}`)
          cells.add(cell)
        }
      }
    }
    const ds = p.datasource as Record<string, unknown> | undefined
    if (ds?.type !== 'prometheus') fail(where, 'datasource must be the Prometheus variable')
    if (!Array.isArray(p.targets) || p.targets.length === 0) fail(where, 'targets must be a non-empty array')
    else {
      for (const t of p.targets as Record<string, unknown>[]) {
        if (typeof t.expr !== 'string' || t.expr.trim() === '') fail(where, 'every target needs an expr')
        if (typeof t.refId !== 'string') fail(where, 'every target needs a refId')
      }
    }
  }
  return problems
}

/** Every PromQL expression of a dashboard, with the panel it belongs to. */
export function dashboardQueries(d: Dashboard): { readonly panel: string; readonly expr: string }[] {
  return d.panels.flatMap((p) => p.targets.map((t) => ({ panel: `${d.uid} / ${p.title}`, expr: t.expr })))
}
