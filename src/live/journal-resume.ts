/**
 * Resuming a deterministic run (a replay of recorded bars on the data's clock) from its journal:
 * the run starts again from its first bar against a fresh core, and every record it produces is
 * checked against the journal instead of being written, until the journal's records are used up;
 * from there on records are appended. A replay decides the same on the same bars, so the records
 * match one for one, and the strategy's own state (its indicators, counters) is rebuilt by the
 * same callbacks that built it the first time — something replaying the journal into a core
 * cannot do. Nothing journaled is applied twice, and nothing is lost: the run continues exactly
 * where the journal ends.
 *
 * A record that differs means the journal belongs to another run (other data, strategy,
 * parameters or fill model): LIVE_JOURNAL_MISMATCH, naming the record.
 */
import { TradePulseError } from '../domain/errors.ts'
import type { JournalRecord, RecordSink } from '../execution/journal-record.ts'
import { journalRecordCodec } from '../execution/journal-record-codec.ts'
import type { Journal } from '../execution/journal/journal.ts'

export class JournalResume implements RecordSink {
  readonly #journal: Journal<JournalRecord>
  readonly #recorded: readonly JournalRecord[]
  readonly #file: string
  #checked = 0

  constructor(journal: Journal<JournalRecord>, recorded: readonly JournalRecord[], file: string) {
    this.#journal = journal
    this.#recorded = recorded
    this.#file = file
  }

  /** Records found in the journal when the run started. */
  get recorded(): number {
    return this.#recorded.length
  }

  /** Whether the run has caught up with the journal (every recorded record was produced again). */
  get caughtUp(): boolean {
    return this.#checked === this.#recorded.length
  }

  append(record: JournalRecord): number {
    if (this.#checked === this.#recorded.length) return this.#journal.append(record)
    const expected = encode(this.#recorded[this.#checked]!)
    const produced = encode(record)
    if (expected !== produced) {
      throw new TradePulseError(
        'LIVE_JOURNAL_MISMATCH',
        `the journal holds ${expected.slice(0, 200)}, the replay produced ${produced.slice(0, 200)}: the journal was written by another run (data, strategy, parameters or fill model)`,
        { file: this.#file, field: `record ${this.#checked + 1}` },
      )
    }
    return ++this.#checked
  }
}

function encode(record: JournalRecord): string {
  return JSON.stringify(journalRecordCodec.encode(record))
}
