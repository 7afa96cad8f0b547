import { describe, expect, it } from 'vitest'

import { orderId } from '../../domain/ids.ts'
import { MemoryJournal } from './memory-journal.ts'
import { journalContract } from './testing/journal-contract.ts'
import { sampleRecordCodec, sampleRecordFor, type SampleRecord } from './testing/sample-record.ts'

journalContract('MemoryJournal with a codec', () => {
  const journal = new MemoryJournal<SampleRecord>({ codec: sampleRecordCodec })
  return { journal, contents: () => journal.contents() }
})

describe('MemoryJournal', () => {
  it('without a codec keeps the very objects appended', () => {
    const journal = new MemoryJournal<SampleRecord>()
    const record = sampleRecordFor(1)
    journal.append(record)
    expect(journal.contents().records[0]).toBe(record)
    expect(journal.contents().droppedTailBytes).toBe(0)
  })

  it('with a codec stores a decoded copy, out of reach of later changes to the appended object', () => {
    const journal = new MemoryJournal<SampleRecord>({ codec: sampleRecordCodec })
    const detail = { note: 'before' }
    journal.append({ orderId: orderId('O-1'), amount: 7n, detail })
    detail.note = 'after'
    expect(journal.contents().records[0]).toEqual({ orderId: 'O-1', amount: 7n, detail: { note: 'before' } })
  })

  it("passes its name and the record's number to the codec, so a refusal says where", () => {
    // A codec whose encoder writes amounts its decoder refuses once they pass 99.
    const journal = new MemoryJournal<SampleRecord>({
      name: 'backtest-42',
      codec: {
        ...sampleRecordCodec,
        encode: (record) => ({
          orderId: record.orderId,
          amount: record.amount > 99n ? 'many' : String(record.amount),
          detail: record.detail,
        }),
      },
    })
    journal.append({ ...sampleRecordFor(1), amount: 1n })
    expect(() => journal.append({ ...sampleRecordFor(2), amount: 100n })).toThrow(
      'backtest-42:2: amount: must be an integer string, was "many"',
    )
    expect(journal.lastSeq).toBe(1)
  })

  it('hands out a copy of its records, not its own array', () => {
    const journal = new MemoryJournal<SampleRecord>()
    journal.append(sampleRecordFor(1))
    const first = journal.contents()
    journal.append(sampleRecordFor(2))
    expect(first.records).toHaveLength(1)
    expect(journal.contents().records).toHaveLength(2)
  })
})
