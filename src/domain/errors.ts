/**
 * The catalogue of expected failures. Each code is stable: it survives a process boundary (CLI
 * exit, HTTP body, journal) where `instanceof` does not, and a retired code is never reused.
 * Every code is listed in docs/errors.md; a test keeps the two in step.
 *
 * Expected failures (bad input, a file that does not parse) are `TradePulseError`s; anything
 * else that is thrown is a bug.
 */
export const ERROR_CODES = {
  DOMAIN_INVALID_ID: 'An identifier is empty, too long or has characters an exchange would refuse.',
  DOMAIN_INVALID_INSTRUMENT:
    'An instrument specification is inconsistent (tick size, lot size, minimum quantity…).',
  DOMAIN_OFF_GRID: "A price or quantity is not a multiple of the instrument's tick or lot size.",
  DOMAIN_INVALID_DECIMAL: 'A decimal number could not be parsed or does not fit the required scale.',
  DOMAIN_CURRENCY_MISMATCH: 'Two amounts in different currencies were combined.',
  DOMAIN_OVERFLOW: 'A value left the range where it can be represented exactly.',
  DOMAIN_INVALID_INTERVAL: 'A bar interval could not be parsed or is not supported.',
  DOMAIN_UNKNOWN_CALENDAR: 'A trading calendar name is not one TradePulse knows.',
  DATA_FILE_NOT_FOUND: 'An input file does not exist or cannot be read.',
  DATA_WRITE_FAILED:
    'An output file cannot be written: a missing directory, a directory, no space, no permission.',
  DATA_UNSUPPORTED_FORMAT: 'A file extension or format is not one TradePulse reads or writes.',
  DATA_CSV_HEADER:
    'A CSV header lacks a required column, or a column mapping names a column that is not there.',
  DATA_CSV_PARSE: 'A CSV row has the wrong number of fields or a value that does not parse.',
  DATA_INVALID_BAR:
    'A bar breaks an OHLCV rule (non-finite or negative price, negative volume, high/low envelope).',
  DATA_TIME_ORDER: 'Timestamps are out of order or duplicated.',
  DATA_EMPTY: 'An input holds no rows.',
  DATA_PARQUET: 'A Parquet file could not be read or lacks the bar columns.',
  DATA_RESAMPLE: 'A resample target is not a whole multiple of the source interval.',
  INDICATOR_UNKNOWN: 'No indicator is registered under the requested name.',
  INDICATOR_INVALID_PARAMS: 'Indicator parameters are missing, of the wrong type, out of range or unknown.',
  INDICATOR_INVALID_INPUT: 'Indicator inputs are missing, of different lengths or otherwise unusable.',
  EXECUTION_INVALID_ORDER:
    'An order is malformed: a quantity or price off the grid, a missing price, an unknown type.',
  EXECUTION_ILLEGAL_TRANSITION: 'An order event arrived that its current state does not allow.',
  EXECUTION_UNKNOWN_ORDER: 'A command or report names an order that does not exist.',
  EXECUTION_JOURNAL: 'The execution journal could not be written, or a journal being replayed is corrupt.',
  STRATEGY_NOT_FOUND: 'No built-in strategy, file or installed package goes by the requested name.',
  STRATEGY_LOAD_FAILED: 'A strategy module could not be imported or does not export a strategy definition.',
  STRATEGY_INVALID_PARAMS: 'Strategy parameters are of the wrong type, out of range or unknown.',
  STRATEGY_INVALID_SPACE:
    'A parameter space names an unknown parameter, is malformed, or has a bound or choice the schema refuses.',
  PLUGIN_CONFIG_INVALID:
    'The project configuration (tradepulse.config.json) is not JSON or does not match its schema.',
  PLUGIN_NOT_FOUND: 'A plugin names neither a file that exists nor a package installed where it runs.',
  PLUGIN_NOT_ALLOWED: 'A plugin is not listed in the allowlist of the project configuration.',
  PLUGIN_INTEGRITY_MISMATCH:
    'A plugin listed in the allowlist does not hash to the integrity pinned for it: it has changed.',
  PLUGIN_LOAD_FAILED: 'An allowed plugin could not be imported, or exports no valid indicator definitions.',
  PLUGIN_NAME_CLASH: 'Two indicators, built-in or from plugins, go by the same name.',
  BACKTEST_LOOKAHEAD:
    'A strategy decided differently when data after the decision was removed: it reads the future.',
  BACKTEST_SCENARIO_FAILED: 'A backtest broke a documented expectation of a pathological scenario.',
  RESEARCH_INVALID_INPUT:
    'Input to a research statistic is unusable: too few observations or trials, ragged or non-finite data, a setting out of range.',
  RESEARCH_FAST_PATH_UNSUPPORTED:
    'A configuration, instrument, series or strategy asks for something the vectorised fast path does not model.',
  RESEARCH_FAST_PATH_DISAGREES:
    'A combination of a fast sweep, run again through the engine, gave a metric beyond the documented tolerance.',
  SWEEP_RESUME_MISMATCH:
    'A sweep folder being resumed was made for another strategy, space, search, configuration or data.',
  WALK_FORWARD_WINDOWS:
    'Walk-forward windows do not fit: a train, test or step length that is malformed, a step shorter than the test, or data too short for one window.',
  QUEUE_DATA_MISMATCH:
    'A sweep worker read other bars from a data file than the sweep was enqueued with (the fingerprints differ).',
  QUEUE_JOB_FAILED:
    'A job of a distributed sweep failed for good on the workers (refused data, a strategy that cannot load).',
  STORE_CONFIG: 'A database URL or path is malformed, names an unsupported backend, or cannot be opened.',
  STORE_MIGRATION:
    'The database schema cannot be brought up to date: an applied migration was changed, or is unknown to this version.',
  STORE_INVALID_INPUT:
    'A value given to the store is unusable: an integer beyond 64 bits, a malformed pagination cursor, an unknown filter.',
  STORE_CONFLICT:
    'A write would break a uniqueness rule: an idempotency key, client order id or fill seen before.',
  API_CONFIG:
    'The service configuration (file or environment variable) has a setting that is missing or invalid.',
  API_UNAUTHORIZED: 'The request carries no API key, or a key that is unknown or revoked.',
  API_FORBIDDEN: 'The API key lacks the scope this route requires.',
  API_NOT_FOUND: 'No such resource (route, data set, job, order or error code).',
  API_VALIDATION: 'A request body, parameter, query string or header failed validation; the field is named.',
  API_CONFLICT: 'The request conflicts with the state of the resource (a finished job cannot be cancelled).',
  API_IDEMPOTENCY_CONFLICT:
    'An Idempotency-Key was reused with a different request, or while its first request is still running.',
  API_PAYLOAD_TOO_LARGE: 'The request body or uploaded file is larger than the configured limit.',
  API_UNSUPPORTED_MEDIA_TYPE: 'The request body has a content type the route does not accept.',
  API_RATE_LIMITED:
    'Too many requests for this key in the current window; retry after the Retry-After seconds.',
  API_UNAVAILABLE: 'A dependency of the service (database, venue) is not ready, or the request timed out.',
  API_INTERNAL: 'The server failed to answer (a bug); the details are in its log, not in the response.',
  VENUE_MARKET_RULES:
    'An exchange does not list a symbol as a spot market, or its rules (tick, lot, minimum) are unusable.',
  VENUE_CREDENTIALS:
    'Exchange API credentials are missing, malformed, or kept in a key file others can read.',
  VENUE_UNSUPPORTED: 'An exchange is not known to ccxt, or has no sandbox when one is asked for.',
  VENUE_UNREACHABLE: 'An exchange could not be reached or reconciled after every retry.',
  ANALYTICS_INVALID_INPUT:
    'Input to an analytics measure is unusable: a non-finite amount, too few returns, a confidence or horizon out of range, series of different lengths.',
  ANALYTICS_RUN_UNREADABLE:
    'A run folder given to a report lacks what the report needs: no equity closes for an instrument, no trades, no positions.',
  ANALYTICS_JOURNAL_INSTRUMENT:
    'An execution journal given to a report names an instrument the report was not given, or one quoted in another currency than the account.',
  STORE_UNAVAILABLE:
    'The database server cannot be reached (refused, reset, shut down); nothing was written by the request.',
  LIVE_UNKNOWN_SYMBOL:
    'A symbol given to a live run is not in its replay data or not listed by the exchange.',
  LIVE_JOURNAL_MISMATCH:
    "A live run's journal folder belongs to another run: another strategy, account currency, data, parameters or fill model.",
  API_CSRF:
    "A request signed in with a session cookie changes state without the session's CSRF token, or with a wrong one.",
  CLI_USAGE: 'A command-line option or argument is missing or malformed.',
} as const

export type ErrorCode = keyof typeof ERROR_CODES

/** Where in an input a problem sits, so the message can point a person at it. */
export interface ErrorLocation {
  readonly file?: string
  readonly line?: number
  readonly field?: string
}

export class TradePulseError extends Error {
  readonly code: ErrorCode
  readonly location: ErrorLocation

  constructor(code: ErrorCode, message: string, location: ErrorLocation = {}) {
    super(formatLocated(message, location))
    this.name = 'TradePulseError'
    this.code = code
    this.location = location
  }
}

/** `file:line: field: message`, omitting what is unknown. */
export function formatLocated(message: string, location: ErrorLocation): string {
  let prefix = ''
  if (location.file !== undefined) prefix += location.file
  if (location.line !== undefined) prefix += `${prefix === '' ? 'line ' : ':'}${location.line}`
  if (prefix !== '') prefix += ': '
  if (location.field !== undefined) prefix += `${location.field}: `
  return prefix + message
}

export function isTradePulseError(error: unknown): error is TradePulseError {
  return error instanceof TradePulseError
}
