/**
 * The dashboard's only way to the server: the typed client generated from the OpenAPI document
 * (src/client), same origin, authenticated by the session cookie. Writes carry the session's
 * CSRF token, which lives in this module's memory only (never in storage), and is set at sign-in.
 */
import { type TradePulseClient, createTradePulseClient, type paths } from '../../src/client/index.ts'

let csrfToken: string | undefined

export const api: TradePulseClient = createTradePulseClient({ baseUrl: window.location.origin })

api.use({
  onRequest({ request }) {
    if (csrfToken !== undefined && request.method !== 'GET' && request.method !== 'HEAD')
      request.headers.set('X-CSRF-Token', csrfToken)
    return request
  },
})

export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? undefined
}

/** A refused request: the problem's detail, code and field (RFC 9457, docs/errors.md). */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field: string | undefined
  readonly problem: Record<string, unknown>

  constructor(status: number, problem: Record<string, unknown>) {
    const detail = typeof problem.detail === 'string' ? problem.detail : `HTTP ${status}`
    super(detail)
    this.status = status
    this.code = typeof problem.code === 'string' ? problem.code : 'UNKNOWN'
    this.field = typeof problem.field === 'string' ? problem.field : undefined
    this.problem = problem
  }
}

interface Answer<T> {
  readonly data?: T
  readonly error?: unknown
  readonly response: Response
}

/** The data of a successful call; a problem is thrown as an ApiError. */
export async function must<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call
  if (!response.ok) {
    const problem = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {}
    throw new ApiError(response.status, problem)
  }
  return data as T
}

/** A message for any failure, for a status line. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError)
    return `${error.message}${error.field === undefined ? '' : ` (${error.field})`}`
  return error instanceof Error ? error.message : String(error)
}

type Json<P extends keyof paths, M extends keyof paths[P], S extends number> = paths[P][M] extends {
  responses: Record<S, { content: { 'application/json': infer B } }>
}
  ? B
  : never

export type Me = Exclude<Json<'/api/v1/session', 'get', 200>, { via: 'none' }>
export type Portfolio = Json<'/api/v1/portfolio', 'get', 200>
export type Position = Json<'/api/v1/positions', 'get', 200>['items'][number]
export type Order = Json<'/api/v1/orders', 'get', 200>['items'][number]
export type Fill = Json<'/api/v1/fills', 'get', 200>['items'][number]
export type RiskState = Json<'/api/v1/risk', 'get', 200>
export type Instrument = Json<'/api/v1/instruments', 'get', 200>['items'][number]
export type Strategy = Json<'/api/v1/strategies', 'get', 200>['items'][number]
export type IndicatorInfo = Json<'/api/v1/indicators', 'get', 200>['items'][number]
export type Dataset = Json<'/api/v1/datasets', 'get', 200>['items'][number]
export type DatasetDetail = Json<'/api/v1/datasets/{id}', 'get', 200>
export type Bars = Json<'/api/v1/datasets/{id}/bars', 'get', 200>
export type Job = Json<'/api/v1/backtests', 'get', 200>['items'][number]
export type SweepDetail = Json<'/api/v1/research/sweeps/{id}', 'get', 200>
export type IndicatorValues = Json<'/api/v1/indicators/{name}/compute', 'post', 200>

/** A backtest's equity file (JSON runs): times in ms and the equity at each. */
export interface EquityCurve {
  readonly time: readonly number[]
  readonly equity: readonly number[]
  readonly benchmark?: readonly number[]
}

/** A finished run's equity curve (JSON runs); the document types it loosely, as it may be Parquet. */
export async function equityOf(id: string): Promise<EquityCurve> {
  const answer = await api.GET('/api/v1/backtests/{id}/equity', { params: { path: { id } }, parseAs: 'json' })
  return (await must(Promise.resolve(answer as Answer<unknown>))) as EquityCurve
}

/** A finished run's metrics (metrics.json of the run folder, docs/backtest-results.md). */
export async function metricsOf(id: string): Promise<RunMetrics> {
  return (await must(api.GET('/api/v1/backtests/{id}/metrics', { params: { path: { id } } }))) as RunMetrics
}

interface Performance {
  readonly startEquity: number
  readonly endEquity: number
  readonly totalReturn: number
  readonly annualisedReturn: number
  readonly annualisedVolatility: number
  readonly sharpe: number
  readonly sortino: number
  readonly calmar: number
  readonly drawdown: { readonly maxDrawdown: number }
}

export interface RunMetrics {
  readonly strategy: Performance
  readonly benchmark?: Performance
  readonly trades?: {
    readonly trades: number
    readonly winRate: number
    readonly profitFactor: number
    readonly netPnl: number
  }
}

/** Uploads a bar file as the raw body, as `POST /api/v1/datasets` wants it. */
export async function uploadDataset(
  file: File,
  policy: 'strict' | 'repair',
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await api.POST('/api/v1/datasets', {
    params: { query: { name: file.name, policy } },
    body: file as never,
    bodySerializer: (body: unknown) => body as File,
    headers: { 'content-type': 'application/octet-stream' },
  })
  const body = (response.data ?? response.error) as Record<string, unknown>
  return { status: response.response.status, body }
}
