/**
 * Uploaded bar files: their metadata and validation report here, their bytes in a file at
 * `storagePath` (a blob column would need BYTEA in one backend and BLOB in the other, and
 * gigabyte rows in either).
 */
import type { Queryable, SqlRow } from '../database.ts'
import { fetchPage, readSafeInteger, readText, type Page, type PageRequest } from '../pagination.ts'

export interface DatasetRecord {
  readonly id: string
  readonly name: string
  readonly format: 'csv' | 'parquet'
  readonly sizeBytes: number
  readonly rowCount: number
  /** Content hash: the same bytes uploaded twice have the same fingerprint. */
  readonly fingerprint: string
  /** The validation report, any JSON value. */
  readonly report: unknown
  readonly storagePath: string
  readonly createdAt: number
}

const COLUMNS =
  'SELECT id, name, format, size_bytes, row_count, fingerprint, report, storage_path, created_at FROM datasets'

export class DatasetRepository {
  readonly #db: Queryable

  constructor(db: Queryable) {
    this.#db = db
  }

  async insert(dataset: DatasetRecord): Promise<void> {
    await this.#db.execute(
      `INSERT INTO datasets (id, name, format, size_bytes, row_count, fingerprint, report, storage_path, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        dataset.id,
        dataset.name,
        dataset.format,
        BigInt(dataset.sizeBytes),
        BigInt(dataset.rowCount),
        dataset.fingerprint,
        JSON.stringify(dataset.report),
        dataset.storagePath,
        BigInt(dataset.createdAt),
      ],
    )
  }

  async get(id: string): Promise<DatasetRecord | undefined> {
    const [row] = await this.#db.query(`${COLUMNS} WHERE id = $1`, [id])
    return row === undefined ? undefined : toDataset(row)
  }

  /** The newest dataset with this content, to answer a repeated upload without storing it twice. */
  async findByFingerprint(fingerprint: string): Promise<DatasetRecord | undefined> {
    const [row] = await this.#db.query(
      `${COLUMNS} WHERE fingerprint = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [fingerprint],
    )
    return row === undefined ? undefined : toDataset(row)
  }

  async list(
    request: PageRequest & { readonly format?: 'csv' | 'parquet' } = {},
  ): Promise<Page<DatasetRecord>> {
    const query =
      request.format === undefined
        ? { select: COLUMNS, where: [], params: [] }
        : { select: COLUMNS, where: ['format = $1'], params: [request.format] }
    return fetchPage(this.#db, query, request, toDataset)
  }

  async delete(id: string): Promise<boolean> {
    return (await this.#db.execute('DELETE FROM datasets WHERE id = $1', [id])) === 1
  }
}

function toDataset(row: SqlRow): DatasetRecord {
  const format = readText(row, 'format')
  if (format !== 'csv' && format !== 'parquet') throw new Error(`datasets.format holds ${format}`)
  return {
    id: readText(row, 'id'),
    name: readText(row, 'name'),
    format,
    sizeBytes: readSafeInteger(row, 'size_bytes'),
    rowCount: readSafeInteger(row, 'row_count'),
    fingerprint: readText(row, 'fingerprint'),
    report: JSON.parse(readText(row, 'report')) as unknown,
    storagePath: readText(row, 'storage_path'),
    createdAt: readSafeInteger(row, 'created_at'),
  }
}
