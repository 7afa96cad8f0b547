/**
 * The service's configuration: one zod schema over a JSON file (`--config`, default
 * `tradepulse.service.json` when present) and environment variables, environment winning. Every
 * setting, its variable and its default are listed in docs/service.md; an invalid value stops the
 * server at start with the setting named (`API_CONFIG`).
 */
import { existsSync, readFileSync } from 'node:fs'
import { z } from 'zod'
import { TradePulseError } from '../domain/errors.ts'

export const DEFAULT_SERVICE_CONFIG_FILE = 'tradepulse.service.json'

const InstrumentSetting = z.strictObject({
  symbol: z.string().min(1),
  venue: z.string().min(1).default('PAPER'),
  assetClass: z
    .enum([
      'equity',
      'etf',
      'index',
      'future',
      'option',
      'fx',
      'crypto-spot',
      'crypto-perpetual',
      'bond',
      'commodity',
    ])
    .default('equity'),
  quoteCurrency: z.string().regex(/^[A-Z]{3,5}$/),
  tickSize: z.string().regex(/^\d+(\.\d+)?$/),
  lotSize: z.string().regex(/^\d+(\.\d+)?$/),
  multiplier: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .default('1'),
})

export const ServiceConfig = z.strictObject({
  /** Interface to listen on; loopback unless deliberately exposed. */
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65_535).default(8080),
  /** `sqlite:PATH` or `postgres://…`; the store's default (var/tradepulse.db) when absent. */
  databaseUrl: z.string().min(1).optional(),
  /** Where uploaded data sets, backtest runs and the execution journal live. */
  dataDir: z.string().min(1).default('var'),
  /**
   * Where the desk journals: a JSON Lines file (`<dataDir>/journal.jsonl`) or the store's own
   * SQLite file (`<dataDir>/journal.db`, separate from the database so the two never wait on
   * each other's write lock). Same durability either way.
   */
  journal: z.enum(['file', 'store']).default('file'),
  /** Largest JSON body, bytes. */
  bodyLimitBytes: z.coerce.number().int().min(1_024).default(1_048_576),
  /** Largest uploaded data file, bytes. */
  uploadLimitBytes: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(64 * 1_048_576),
  /** A request that takes longer is answered 503 by the server. */
  requestTimeoutMs: z.coerce.number().int().min(100).default(30_000),
  /** Requests per key (or per address without a key) per window. */
  rateLimitMax: z.coerce.number().int().min(1).default(6_000),
  rateLimitWindowMs: z.coerce.number().int().min(100).default(60_000),
  /** Origins allowed to call the API from a browser; none by default (same origin only). */
  corsOrigins: z
    .union([z.array(z.url()), z.string()])
    .transform((v) => (typeof v === 'string' ? v.split(',').filter((s) => s !== '') : v))
    .default([]),
  /** How long a dashboard session lasts after sign-in. */
  sessionTtlMs: z.coerce
    .number()
    .int()
    .min(60_000)
    .default(8 * 3_600_000),
  /**
   * When the session cookie carries `Secure`: `auto` when the request came over TLS, `always`
   * behind a TLS-terminating proxy (the server itself sees plain HTTP), `never` for local HTTP.
   */
  secureCookies: z.enum(['auto', 'always', 'never']).default('auto'),
  /** The built dashboard (`make web`); the package's dist/web when absent. */
  webDir: z.string().min(1).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  accountCurrency: z
    .string()
    .regex(/^[A-Z]{3,5}$/)
    .default('USD'),
  /** Starting cash of the paper account, in the account currency. */
  initialCash: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .default('1000000'),
  /** Instruments the desk trades; a small default set when absent. */
  instruments: z
    .array(InstrumentSetting)
    .min(1)
    .default([
      {
        symbol: 'SPY',
        venue: 'PAPER',
        assetClass: 'etf',
        quoteCurrency: 'USD',
        tickSize: '0.01',
        lotSize: '1',
        multiplier: '1',
      },
      {
        symbol: 'QQQ',
        venue: 'PAPER',
        assetClass: 'etf',
        quoteCurrency: 'USD',
        tickSize: '0.01',
        lotSize: '1',
        multiplier: '1',
      },
      {
        symbol: 'BTCUSD',
        venue: 'PAPER',
        assetClass: 'crypto-spot',
        quoteCurrency: 'USD',
        tickSize: '0.01',
        lotSize: '0.0001',
        multiplier: '1',
      },
    ]),
  /** Account risk limits applied to every order (see docs/execution.md). */
  maxOrderQuantity: z.coerce.number().int().min(1).default(1_000_000),
  maxPosition: z.coerce.number().int().min(1).default(10_000_000),
  /**
   * An instrument whose last quote is older than this makes /readyz fail (`marketData`); the
   * default matches the TradePulseMarketDataStale alert's 120 s. Instruments never quoted do not count.
   */
  marketDataStaleAfterMs: z.coerce.number().int().min(100).default(120_000),
})
export type ServiceConfig = z.output<typeof ServiceConfig>
export type InstrumentSetting = z.output<typeof InstrumentSetting>

/** Environment variable → setting. */
export const ENVIRONMENT: Readonly<Record<string, keyof ServiceConfig>> = {
  TRADEPULSE_HOST: 'host',
  TRADEPULSE_PORT: 'port',
  DATABASE_URL: 'databaseUrl',
  TRADEPULSE_DATA_DIR: 'dataDir',
  TRADEPULSE_JOURNAL: 'journal',
  TRADEPULSE_BODY_LIMIT_BYTES: 'bodyLimitBytes',
  TRADEPULSE_UPLOAD_LIMIT_BYTES: 'uploadLimitBytes',
  TRADEPULSE_REQUEST_TIMEOUT_MS: 'requestTimeoutMs',
  TRADEPULSE_RATE_LIMIT_MAX: 'rateLimitMax',
  TRADEPULSE_RATE_LIMIT_WINDOW_MS: 'rateLimitWindowMs',
  TRADEPULSE_CORS_ORIGINS: 'corsOrigins',
  TRADEPULSE_SESSION_TTL_MS: 'sessionTtlMs',
  TRADEPULSE_SECURE_COOKIES: 'secureCookies',
  TRADEPULSE_WEB_DIR: 'webDir',
  TRADEPULSE_LOG_LEVEL: 'logLevel',
  TRADEPULSE_ACCOUNT_CURRENCY: 'accountCurrency',
  TRADEPULSE_INITIAL_CASH: 'initialCash',
  TRADEPULSE_MARKET_DATA_STALE_AFTER_MS: 'marketDataStaleAfterMs',
}

/**
 * The configuration from `file` (when given, it must exist; else the default file when present)
 * overlaid with the environment; `overrides` (command-line flags) win over both.
 */
export function loadServiceConfig(
  file: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
  overrides: Partial<Record<keyof ServiceConfig, unknown>> = {},
): ServiceConfig {
  const path = file ?? (existsSync(DEFAULT_SERVICE_CONFIG_FILE) ? DEFAULT_SERVICE_CONFIG_FILE : undefined)
  let fromFile: Record<string, unknown> = {}
  if (path !== undefined) {
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch {
      throw new TradePulseError('API_CONFIG', 'cannot be read', { file: path })
    }
    try {
      const parsed: unknown = JSON.parse(text)
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object')
      fromFile = parsed as Record<string, unknown>
    } catch (error) {
      throw new TradePulseError('API_CONFIG', `is not a JSON object: ${(error as Error).message}`, {
        file: path,
      })
    }
  }
  const fromEnv: Record<string, unknown> = {}
  for (const [variable, setting] of Object.entries(ENVIRONMENT)) {
    const value = env[variable]
    if (value !== undefined && value !== '') fromEnv[setting] = value
  }
  const merged = { ...fromFile, ...fromEnv, ...stripUndefined(overrides) }
  const result = ServiceConfig.safeParse(merged)
  if (!result.success) {
    const issue = result.error.issues[0]!
    const setting = issue.path.join('.')
    const variable = Object.entries(ENVIRONMENT).find(([, s]) => s === issue.path[0])?.[0]
    const where =
      variable !== undefined && fromEnv[issue.path[0] as string] !== undefined ? variable : setting
    throw new TradePulseError('API_CONFIG', issue.message, {
      field: where,
      ...(path !== undefined && where === setting ? { file: path } : {}),
    })
  }
  return result.data
}

function stripUndefined(values: Partial<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined))
}
