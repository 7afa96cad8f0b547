/** The names of the files in a run folder, one place for the writer, the reader and the docs test. */
export const RUN_FILES = {
  config: 'config.json',
  metrics: 'metrics.json',
  orders: 'orders.json',
  fills: 'fills.json',
  trades: 'trades.json',
  events: 'events.json',
  equityJson: 'equity.json',
  equityParquet: 'equity.parquet',
  report: 'report.html',
} as const

/** Above this many points the equity goes to Parquet: JSON of a million points is tens of megabytes to parse. */
export const MAX_JSON_EQUITY_POINTS = 50_000

/** One record per line: diffs of two runs line up record by record. */
export function jsonLines(records: readonly unknown[]): string {
  return records.length === 0
    ? '[]\n'
    : `[\n${records.map((record) => JSON.stringify(record)).join(',\n')}\n]\n`
}

export function prettyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}
