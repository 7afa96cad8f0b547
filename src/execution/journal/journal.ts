/**
 * The journal port: an append-only, numbered log of records that the order manager writes before
 * it acts, and replays to rebuild its state. Two implementations share it — `JsonlJournal`, a
 * durable file (jsonl-journal.ts), and `MemoryJournal` for backtests and tests
 * (memory-journal.ts) — so the core never learns which one it has and never imports `node:fs`.
 *
 * Writes are synchronous on purpose: when `append` returns, the record is (in `sync` mode) on
 * disk, so "journaled before acted on" is plain statement order in the caller, with no promise
 * to forget to await.
 */

/**
 * `sync`: every `append` and `appendBatch` is fsynced before it returns — the only mode in which
 * an acknowledged fill survives a crash or a power loss. `batch`: records wait in memory until
 * `flush()` (or `close()`) writes and fsyncs them all at once — far cheaper per record, but a
 * crash loses everything appended since the last flush.
 */
export type Durability = 'sync' | 'batch'

export interface Journal<R> {
  /** Appends one record and returns its sequence number (1 for the first record of a journal). */
  append(record: R): number
  /**
   * Appends records in order with contiguous sequence numbers, written (and in `sync` mode
   * fsynced) together; returns the last sequence number, or `lastSeq` unchanged for no records.
   */
  appendBatch(records: readonly R[]): number
  /** Makes every record appended so far durable. */
  flush(): void
  /** Flushes and releases the journal; appending afterwards is an error. Closing twice is harmless. */
  close(): void
  /** The sequence number of the last record appended (durable or not); 0 for an empty journal. */
  readonly lastSeq: number
}

/** What a replay reads back. */
export interface JournalContents<R> {
  /** Every intact record, in order; `records[i]` has sequence number `i + 1`. */
  readonly records: readonly R[]
  readonly lastSeq: number
  /** Bytes after the last complete record: a write torn by a crash, dropped on recovery. */
  readonly droppedTailBytes: number
}
