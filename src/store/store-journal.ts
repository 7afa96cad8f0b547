/**
 * The execution journal in the store's SQLite database: the same `Journal` contract as the
 * JSON Lines file (src/execution/journal/jsonl-journal.ts), one row per record in
 * `journal_records (seq, record, crc)`, `record` being the codec's JSON text and `crc` its
 * CRC-32, checked on every read.
 *
 * Durability: in `sync` mode each `append` or `appendBatch` is one transaction, committed before
 * it returns, and the connection runs `synchronous = FULL` in WAL mode, so the commit's log
 * frames are fsynced — an acknowledged record survives a crash or power loss, as with the file
 * journal. In `batch` mode records wait in memory until `flush()`, then go in one transaction.
 * After a failed write the journal stops accepting records, as the file journal does.
 *
 * Why SQLite only: the `Journal` port is synchronous on purpose (journal.ts: "journaled before
 * acted on" is plain statement order), and node:sqlite is synchronous, so this is a faithful
 * implementation. pg has no synchronous API; a PostgreSQL-backed journal needs an asynchronous
 * port (`append(): Promise<number>`) and an order manager that awaits it — a change to the
 * execution core, not to the store. Blocking on pg from a worker thread with `Atomics.wait`
 * would keep the signature but stall the event loop for a network round trip per order.
 *
 * The journal opens its own connection. Give it its own database file (the schema comes from
 * the same migrations): a write transaction held by another connection to the same file makes
 * `append` wait synchronously, up to `busy_timeout`, and if that transaction belongs to an async
 * caller in this very process it cannot finish while the thread waits.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite'

import { TradePulseError } from '../domain/errors.ts'
import { crc32 } from '../execution/journal/crc32.ts'
import type { Durability, Journal, JournalContents } from '../execution/journal/journal.ts'
import { toJsonText, type JournalCodec } from '../execution/journal/journal-codec.ts'
import { openSqliteConnection } from './sqlite-database.ts'

export interface StoreJournalOptions<R> {
  readonly codec: JournalCodec<R>
  /** Default `sync`: every append is committed and fsynced before it returns. */
  readonly durability?: Durability
}

export interface StoreJournal<R> extends Journal<R> {
  readonly path: string
  readonly durability: Durability
  /** What was in the journal when it was opened, for replay. */
  readonly recovered: JournalContents<R>
  /** Every record committed so far, read back and checked. */
  contents(): JournalContents<R>
}

/** Opens the journal in the migrated SQLite database at `path` and reads back what it holds. */
export function openStoreJournal<R>(path: string, options: StoreJournalOptions<R>): StoreJournal<R> {
  const connection = openSqliteConnection(path)
  try {
    const table = connection
      .prepare("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'journal_records'")
      .get()
    if (table === undefined) {
      throw new TradePulseError(
        'STORE_MIGRATION',
        'has no journal_records table: run `tradepulse db migrate --database-url sqlite:PATH` first',
        { file: path },
      )
    }
    const recovered = readRecords(connection, path, options.codec)
    return new SqliteStoreJournal(path, connection, options.codec, options.durability ?? 'sync', recovered)
  } catch (error) {
    connection.close()
    throw error
  }
}

class SqliteStoreJournal<R> implements StoreJournal<R> {
  readonly path: string
  readonly durability: Durability
  readonly recovered: JournalContents<R>
  readonly #codec: JournalCodec<R>
  readonly #insert: StatementSync
  #connection: DatabaseSync | undefined
  #failure: TradePulseError | undefined
  #lastSeq: number
  #pending: { seq: number; text: string }[] = []

  constructor(
    path: string,
    connection: DatabaseSync,
    codec: JournalCodec<R>,
    durability: Durability,
    recovered: JournalContents<R>,
  ) {
    this.path = path
    this.#connection = connection
    this.#codec = codec
    this.durability = durability
    this.recovered = recovered
    this.#lastSeq = recovered.lastSeq
    this.#insert = connection.prepare('INSERT INTO journal_records (seq, record, crc) VALUES (?, ?, ?)')
  }

  get lastSeq(): number {
    return this.#lastSeq
  }

  append(record: R): number {
    return this.appendBatch([record])
  }

  appendBatch(records: readonly R[]): number {
    const connection = this.#writable()
    if (records.length === 0) return this.#lastSeq
    // Encoded in full before anything is written: a record the codec refuses changes nothing.
    const rows = records.map((record, i) => ({
      seq: this.#lastSeq + 1 + i,
      text: toJsonText(this.#codec.encode(record), this.path),
    }))
    if (this.durability === 'sync') this.#write(connection, rows)
    else this.#pending.push(...rows)
    this.#lastSeq += rows.length
    return this.#lastSeq
  }

  flush(): void {
    const connection = this.#writable()
    if (this.#pending.length === 0) return
    this.#write(connection, this.#pending)
    this.#pending = []
  }

  close(): void {
    const connection = this.#connection
    if (connection === undefined) return
    try {
      if (this.#failure === undefined) this.flush()
    } finally {
      this.#connection = undefined
      connection.close()
    }
  }

  contents(): JournalContents<R> {
    const connection = openSqliteConnection(this.path)
    try {
      return readRecords(connection, this.path, this.#codec)
    } finally {
      connection.close()
    }
  }

  #write(connection: DatabaseSync, rows: readonly { seq: number; text: string }[]): void {
    try {
      connection.exec('BEGIN IMMEDIATE')
      for (const row of rows) this.#insert.run(row.seq, row.text, crc32(Buffer.from(row.text, 'utf8')))
      connection.exec('COMMIT')
    } catch (cause) {
      if (connection.isTransaction) connection.exec('ROLLBACK')
      this.#failure = new TradePulseError(
        'EXECUTION_JOURNAL',
        `writing failed: ${cause instanceof Error ? cause.message : String(cause)}`,
        { file: this.path },
      )
      throw this.#failure
    }
  }

  #writable(): DatabaseSync {
    if (this.#failure !== undefined) {
      throw new TradePulseError(
        'EXECUTION_JOURNAL',
        `the journal stopped accepting records after an earlier failure (${this.#failure.message}); restart and recover`,
        { file: this.path },
      )
    }
    if (this.#connection === undefined) {
      throw new TradePulseError('EXECUTION_JOURNAL', 'the journal is closed', { file: this.path })
    }
    return this.#connection
  }
}

/** Every record in order, each checked against its CRC and its place in the sequence, then decoded. */
function readRecords<R>(connection: DatabaseSync, path: string, codec: JournalCodec<R>): JournalContents<R> {
  const rows = connection.prepare('SELECT seq, record, crc FROM journal_records ORDER BY seq').all()
  const records = rows.map((row, i) => {
    const line = i + 1
    const { seq, record, crc } = row
    if (seq !== line) {
      throw new TradePulseError('EXECUTION_JOURNAL', `sequence ${String(seq)} where ${line} was expected`, {
        file: path,
        line,
      })
    }
    if (typeof record !== 'string' || crc !== crc32(Buffer.from(record, 'utf8'))) {
      throw new TradePulseError('EXECUTION_JOURNAL', 'checksum mismatch: the record is corrupt', {
        file: path,
        line,
      })
    }
    return codec.decode(JSON.parse(record) as unknown, { file: path, line })
  })
  return { records, lastSeq: records.length, droppedTailBytes: 0 }
}
