/**
 * A journal in memory, for backtests and tests: the same `Journal` contract as the file journal
 * (numbering from 1, contiguous batches, refusing appends once closed), with nothing to flush.
 *
 * Given a codec, every record is stored as it comes back from its JSON line — encoded, turned
 * into text by the same `toJsonText`, parsed and decoded — so a backtest proves that its records
 * survive the real journal exactly, and later changes to an appended object cannot reach the
 * stored copy. Without one, records are kept by reference (they are frozen messages, T10), which
 * costs nothing.
 */
import { TradePulseError } from '../../domain/errors.ts'
import type { Journal, JournalContents } from './journal.ts'
import { toJsonText, type JournalCodec } from './journal-codec.ts'

export interface MemoryJournalOptions<R> {
  readonly codec?: JournalCodec<R>
  /** Names this journal in errors and in the codec's `where.file`. */
  readonly name?: string
}

export class MemoryJournal<R> implements Journal<R> {
  readonly name: string
  readonly #codec: JournalCodec<R> | undefined
  readonly #records: R[] = []
  #closed = false

  constructor(options: MemoryJournalOptions<R> = {}) {
    this.#codec = options.codec
    this.name = options.name ?? 'memory journal'
  }

  get lastSeq(): number {
    return this.#records.length
  }

  append(record: R): number {
    this.#checkOpen()
    this.#records.push(this.#stored(record, this.#records.length + 1))
    return this.#records.length
  }

  appendBatch(records: readonly R[]): number {
    this.#checkOpen()
    // All or nothing, like the file journal: a record the codec refuses leaves the journal as it was.
    const first = this.#records.length + 1
    const stored = records.map((record, i) => this.#stored(record, first + i))
    for (const record of stored) this.#records.push(record)
    return this.#records.length
  }

  flush(): void {
    this.#checkOpen()
  }

  close(): void {
    this.#closed = true
  }

  /** Everything appended, as a replay would read it from a file; readable after `close`. */
  contents(): JournalContents<R> {
    return { records: this.#records.slice(), lastSeq: this.#records.length, droppedTailBytes: 0 }
  }

  #stored(record: R, seq: number): R {
    const codec = this.#codec
    if (codec === undefined) return record
    const json: unknown = JSON.parse(toJsonText(codec.encode(record), this.name))
    return codec.decode(json, { file: this.name, line: seq })
  }

  #checkOpen(): void {
    if (this.#closed)
      throw new TradePulseError('EXECUTION_JOURNAL', 'the journal is closed', { file: this.name })
  }
}
