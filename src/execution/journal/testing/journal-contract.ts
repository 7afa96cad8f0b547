/**
 * The behaviour every `Journal` shares, registered as tests against each implementation
 * (memory-journal.test.ts, jsonl-journal.test.ts), so the backtest's journal cannot drift from
 * the live one.
 */
import { describe, expect, it } from 'vitest'

import { orderId } from '../../../domain/ids.ts'
import type { Journal, JournalContents } from '../journal.ts'
import { sampleRecordFor, type SampleRecord } from './sample-record.ts'

export interface JournalUnderTest {
  readonly journal: Journal<SampleRecord>
  /** What a replay would read now (the file journal re-reads its file; call after a flush). */
  readonly contents: () => JournalContents<SampleRecord>
}

export function journalContract(name: string, open: () => JournalUnderTest): void {
  describe(`${name} (journal contract)`, () => {
    it('numbers records from 1 and returns each number from append', () => {
      const { journal } = open()
      expect(journal.lastSeq, 'an empty journal').toBe(0)
      expect(journal.append(sampleRecordFor(1))).toBe(1)
      expect(journal.append(sampleRecordFor(2))).toBe(2)
      expect(journal.lastSeq).toBe(2)
      journal.close()
    })

    it('gives a batch contiguous numbers and returns the last; an empty batch changes nothing', () => {
      const { journal, contents } = open()
      journal.append(sampleRecordFor(1))
      expect(journal.appendBatch([2, 3, 4].map(sampleRecordFor))).toBe(4)
      expect(journal.appendBatch([])).toBe(4)
      journal.flush()
      expect(contents().records).toEqual([1, 2, 3, 4].map(sampleRecordFor))
      expect(contents().lastSeq).toBe(4)
      journal.close()
    })

    it('reads back bigint amounts, branded ids and nested detail exactly', () => {
      const { journal, contents } = open()
      const odd: SampleRecord = {
        orderId: orderId('W-not-ascii'),
        amount: -(2n ** 200n) + 1n,
        detail: { text: 'line\nbreak "quoted" \u2028 \ud800 \u0000', nested: [[], {}, [1.5e-300, -0]] },
      }
      journal.append(odd)
      journal.flush()
      const [back] = contents().records
      expect(back?.amount).toBe(-(2n ** 200n) + 1n)
      expect(back?.orderId).toBe('W-not-ascii')
      // JSON has no negative zero: -0 comes back as 0, the one value a journal does not keep apart.
      expect(back?.detail).toEqual({
        text: 'line\nbreak "quoted" \u2028 \ud800 \u0000',
        nested: [[], {}, [1.5e-300, 0]],
      })
      journal.close()
    })

    it('refuses a batch holding a record JSON cannot store, and keeps none of it', () => {
      const { journal, contents } = open()
      journal.append(sampleRecordFor(1))
      const unstorable: SampleRecord = { ...sampleRecordFor(3), detail: { fee: 5n } }
      expect(() => journal.appendBatch([sampleRecordFor(2), unstorable])).toThrow(
        expect.objectContaining({ code: 'EXECUTION_JOURNAL' }),
      )
      expect(journal.lastSeq, 'nothing of the refused batch was numbered').toBe(1)
      expect(journal.append(sampleRecordFor(2))).toBe(2)
      journal.flush()
      expect(contents().records).toEqual([1, 2].map(sampleRecordFor))
      journal.close()
    })

    it('refuses appends once closed, and closing twice is harmless', () => {
      const { journal, contents } = open()
      journal.append(sampleRecordFor(1))
      journal.close()
      journal.close()
      expect(() => journal.append(sampleRecordFor(2))).toThrow(/the journal is closed/)
      expect(() => journal.appendBatch([sampleRecordFor(2)])).toThrow(/the journal is closed/)
      expect(() => {
        journal.flush()
      }).toThrow(/the journal is closed/)
      expect(contents().records, 'what was appended before close is kept').toEqual([sampleRecordFor(1)])
    })
  })
}
