/**
 * equity.parquet, for runs with more points than JSON carries comfortably: `time` INT64
 * TIMESTAMP(MILLIS, UTC); `equity`, `cash`, `gross_exposure`, `benchmark` and one `close_<n>`
 * per instrument, DOUBLE (NaN before the instrument's first bar), all REQUIRED. The instrument
 * of each close column is in the key-value metadata `tradepulse.closes` (a JSON array in column
 * order), so ids with any characters survive. The writer is deterministic: the same table gives
 * the same bytes.
 */
import { parquetMetadata, parquetRead } from 'hyparquet'
import type { SchemaElement } from 'hyparquet'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { MILLISECOND_PARSERS } from '../../data/parquet/time-column.ts'
import type { EquityTable } from './equity-table.ts'

const CLOSES_METADATA = 'tradepulse.closes'
const VALUE_COLUMNS = [
  ['equity', 'equity'],
  ['cash', 'cash'],
  ['gross_exposure', 'grossExposure'],
  ['benchmark', 'benchmark'],
] as const

function toBigInts(column: Float64Array): BigInt64Array {
  const out = new BigInt64Array(column.length)
  for (let i = 0; i < column.length; i++) out[i] = BigInt(column[i]!)
  return out
}

export function equityParquet(table: EquityTable): Uint8Array {
  const doubles = [
    ...VALUE_COLUMNS.map(([name, field]) => ({ name, data: table[field] })),
    ...table.closes.map((column, index) => ({ name: `close_${index}`, data: column.values })),
  ]
  const schema: SchemaElement[] = [
    { name: 'root', num_children: doubles.length + 1 },
    {
      name: 'time',
      type: 'INT64',
      repetition_type: 'REQUIRED',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
    },
    ...doubles.map((column): SchemaElement => ({
      name: column.name,
      type: 'DOUBLE',
      repetition_type: 'REQUIRED',
    })),
  ]
  const bytes = parquetWriteBuffer({
    columnData: [
      { name: 'time', data: toBigInts(table.time), encoding: 'DELTA_BINARY_PACKED', nullable: false },
      ...doubles.map((column) => ({ ...column, nullable: false })),
    ],
    schema,
    kvMetadata: [
      { key: CLOSES_METADATA, value: JSON.stringify(table.closes.map((column) => column.instrumentId)) },
    ],
    createdBy: 'tradepulse',
  })
  return new Uint8Array(bytes)
}

export async function parseEquityParquet(bytes: Uint8Array, file: string): Promise<EquityTable> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  const metadata = parquetMetadata(buffer)
  const rows = Number(metadata.num_rows)
  const entry = metadata.key_value_metadata?.find((pair) => pair.key === CLOSES_METADATA)
  const instrumentIds: unknown = entry?.value === undefined ? [] : JSON.parse(entry.value)
  if (!Array.isArray(instrumentIds) || !instrumentIds.every((id): id is string => typeof id === 'string')) {
    throw new Error(`${file}: ${CLOSES_METADATA} must be a JSON array of instrument ids`)
  }
  const columns = new Map<string, Float64Array>()
  await parquetRead({
    file: buffer,
    metadata,
    parsers: MILLISECOND_PARSERS,
    onChunk(chunk) {
      let target = columns.get(chunk.columnName)
      if (target === undefined) {
        target = new Float64Array(rows)
        columns.set(chunk.columnName, target)
      }
      const data = chunk.columnData
      for (let i = 0; i < data.length; i++) target[chunk.rowStart + i] = Number(data[i])
    },
  })
  const numbers = (name: string): Float64Array => {
    const values = columns.get(name) ?? (rows === 0 ? new Float64Array(0) : undefined)
    if (values === undefined) throw new Error(`${file}: no column ${name}`)
    return values
  }
  return {
    time: numbers('time'),
    equity: numbers('equity'),
    cash: numbers('cash'),
    grossExposure: numbers('gross_exposure'),
    benchmark: numbers('benchmark'),
    closes: instrumentIds.map((instrumentId, index) => ({ instrumentId, values: numbers(`close_${index}`) })),
  }
}
