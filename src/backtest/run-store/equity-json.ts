/**
 * equity.json: the equity table as columns of numbers. JSON has no NaN, so a close before the
 * instrument's first bar is written as null and read back as NaN.
 */
import type { EquityTable } from './equity-table.ts'

function list(values: Float64Array): string {
  return JSON.stringify(Array.from(values))
}

export function equityJson(table: EquityTable): string {
  const lines = [
    `"time": ${list(table.time)}`,
    `"equity": ${list(table.equity)}`,
    `"cash": ${list(table.cash)}`,
    `"grossExposure": ${list(table.grossExposure)}`,
    `"benchmark": ${list(table.benchmark)}`,
    `"closes": {${table.closes.map((column) => `\n    ${JSON.stringify(column.instrumentId)}: ${list(column.values)}`).join(',')}\n  }`,
  ]
  return `{\n  ${lines.join(',\n  ')}\n}\n`
}

function column(values: unknown, name: string, rows: number, file: string): Float64Array {
  if (!Array.isArray(values) || values.length !== rows)
    throw new Error(`${file}: ${name} must be an array of ${rows} numbers`)
  const out = new Float64Array(rows)
  for (let i = 0; i < rows; i++) {
    const value: unknown = values[i]
    if (value === null) out[i] = Number.NaN
    else if (typeof value === 'number') out[i] = value
    else throw new Error(`${file}: ${name}[${i}] is not a number`)
  }
  return out
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

export function parseEquityJson(text: string, file: string): EquityTable {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new Error(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`, {
      cause: error,
    })
  }
  if (!isRecord(parsed) || !Array.isArray(parsed.time))
    throw new Error(`${file}: time must be an array of times`)
  const rows = parsed.time.length
  const closes = parsed.closes
  if (!isRecord(closes)) throw new Error(`${file}: closes must be an object of arrays by instrument`)
  return {
    time: column(parsed.time, 'time', rows, file),
    equity: column(parsed.equity, 'equity', rows, file),
    cash: column(parsed.cash, 'cash', rows, file),
    grossExposure: column(parsed.grossExposure, 'grossExposure', rows, file),
    benchmark: column(parsed.benchmark, 'benchmark', rows, file),
    closes: Object.keys(closes)
      .sort()
      .map((instrumentId) => ({
        instrumentId,
        values: column(closes[instrumentId], `closes.${instrumentId}`, rows, file),
      })),
  }
}
