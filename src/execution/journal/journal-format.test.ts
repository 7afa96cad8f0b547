import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { TradePulseError } from '../../domain/errors.ts'
import { crc32Hex } from './crc32.ts'
import type { JournalCodec } from './journal-codec.ts'
import { encodeRecordLine, parseJournal } from './journal-format.ts'
import { sampleRecordCodec, sampleRecordFor } from './testing/sample-record.ts'

const asIs: JournalCodec<unknown> = { encode: (record) => record, decode: (json) => json }

function journalBytes(payloads: readonly string[]): Buffer {
  return Buffer.concat(payloads.map((payload, i) => encodeRecordLine(i + 1, payload)))
}

function parseError(text: string | Buffer): TradePulseError {
  try {
    parseJournal(typeof text === 'string' ? Buffer.from(text) : text, 'orders.jsonl', asIs)
  } catch (error) {
    if (error instanceof TradePulseError) return error
    throw error
  }
  throw new Error('the journal parsed, but it is corrupt')
}

describe('encodeRecordLine', () => {
  it('frames a payload with its sequence number and the CRC-32 of its bytes', () => {
    expect(encodeRecordLine(1, '{"a":1}').toString()).toBe('{"seq":1,"crc":"561bacaf","payload":{"a":1}}\n')
    expect(encodeRecordLine(12, '"x"').toString()).toBe('{"seq":12,"crc":"f60ef986","payload":"x"}\n')
    // The example in the module comment and in docs/execution.md.
    expect(
      encodeRecordLine(1, '{"type":"cancel-request","orderId":"O-7","time":1718000000000}').toString(),
    ).toBe(
      '{"seq":1,"crc":"5da78f0c","payload":{"type":"cancel-request","orderId":"O-7","time":1718000000000}}\n',
    )
  })

  it('is itself a line of valid JSON, for jq', () => {
    const line = encodeRecordLine(3, '{"note":"é€😀\\n"}').toString()
    const crc = crc32Hex(Buffer.from('{"note":"é€😀\\n"}'))
    expect(JSON.parse(line)).toEqual({ seq: 3, crc, payload: { note: 'é€😀\n' } })
  })
})

describe('parseJournal', () => {
  it('reads back every record in order', () => {
    const parsed = parseJournal(journalBytes(['{"a":1}', '[1,2]', '"x"']), 'orders.jsonl', asIs)
    expect(parsed.contents).toEqual({ records: [{ a: 1 }, [1, 2], 'x'], lastSeq: 3, droppedTailBytes: 0 })
    expect(parsed.intactBytes).toBe(journalBytes(['{"a":1}', '[1,2]', '"x"']).length)
  })

  it('reads an empty file as an empty journal', () => {
    expect(parseJournal(Buffer.alloc(0), 'orders.jsonl', asIs)).toEqual({
      contents: { records: [], lastSeq: 0, droppedTailBytes: 0 },
      intactBytes: 0,
    })
  })

  it('drops the bytes after the last newline as a torn write, whatever they are', () => {
    const whole = journalBytes(['{"a":1}'])
    for (const tail of ['{"seq":2,"crc":"088b', '\0\0\0\0', '{"seq":2,"crc":"088b50bf","payload":[1,2]}']) {
      const parsed = parseJournal(Buffer.concat([whole, Buffer.from(tail)]), 'orders.jsonl', asIs)
      expect(parsed.contents.records, JSON.stringify(tail)).toEqual([{ a: 1 }])
      expect(parsed.contents.droppedTailBytes).toBe(Buffer.byteLength(tail))
      expect(parsed.intactBytes).toBe(whole.length)
    }
  })

  it('refuses a line that is not in the record shape, naming file, line and offset', () => {
    const first = encodeRecordLine(1, '{"a":1}').toString()
    const error = parseError(first + '{"seq":2,"payload":[1,2]}\n')
    expect(error.code).toBe('EXECUTION_JOURNAL')
    expect(error.location).toEqual({ file: 'orders.jsonl', line: 2 })
    expect(error.message).toBe(
      `orders.jsonl:2: not a journal record: expected {"seq":N,"crc":"<8 hex digits>","payload":...} (record at byte offset ${first.length})`,
    )
    expect(parseError(first + '\n').location.line, 'an empty line').toBe(2)
    expect(parseError('{"seq":1,"crc":"6ab07ff3","payload":{"a":\n').location.line, 'no closing brace').toBe(
      1,
    )
    expect(
      parseError('{"seq":01,"crc":"561bacaf","payload":{"a":1}}\n').location.line,
      'a padded number',
    ).toBe(1)
    expect(parseError('{"seq":1,"crc":"561BACAF","payload":{"a":1}}\n').location.line, 'upper-case hex').toBe(
      1,
    )
    expect(parseError('{"seq":1,"crc":"561bacaf","payload":}\n').location.line, 'no payload').toBe(1)
  })

  it('refuses a record whose checksum does not match its payload', () => {
    // 7d36ff6c is zlib.crc32('{"a":2}').
    const error = parseError('{"seq":1,"crc":"561bacaf","payload":{"a":2}}\n')
    expect(error.message).toBe(
      'orders.jsonl:1: checksum mismatch: stored 561bacaf, computed 7d36ff6c; the record is corrupt (record at byte offset 0)',
    )
  })

  it('refuses a gap or a repeat in the numbering', () => {
    const one = encodeRecordLine(1, '{"a":1}')
    const gap = parseError(Buffer.concat([one, encodeRecordLine(3, '"x"')]))
    expect(gap.message).toBe(
      `orders.jsonl:2: sequence 3 where 2 was expected: records are missing (record at byte offset ${one.length})`,
    )
    const repeat = parseError(Buffer.concat([one, one]))
    expect(repeat.message).toContain(
      'orders.jsonl:2: sequence 1 where 2 was expected: a repeated or reordered record',
    )
    expect(parseError(encodeRecordLine(0, '"x"')).message).toContain(
      'orders.jsonl:1: sequence 0 where 1 was expected',
    )
  })

  it('refuses a payload that is not JSON even when its checksum matches (a writer bug)', () => {
    expect(parseError(encodeRecordLine(1, '{"a":}')).message).toBe(
      'orders.jsonl:1: the payload is not valid JSON although its checksum matches (record at byte offset 0)',
    )
  })

  it("passes the codec the file and line, so a codec's refusal points at the record", () => {
    const bytes = journalBytes(
      [sampleRecordCodec.encode(sampleRecordFor(1)), { orderId: 'O-2', amount: '1.5' }].map((json) =>
        JSON.stringify(json),
      ),
    )
    expect(() => parseJournal(bytes, 'orders.jsonl', sampleRecordCodec)).toThrow(
      'orders.jsonl:2: amount: must be an integer string, was "1.5"',
    )
  })

  it('finds any changed byte in any record, and names its line (all but the final newline)', () => {
    const payloads = [1, 2, 3, 4, 5].map((seq) =>
      JSON.stringify(sampleRecordCodec.encode(sampleRecordFor(seq))),
    )
    const lines = payloads.map((payload, i) => encodeRecordLine(i + 1, payload))
    const bytes = Buffer.concat(lines)
    const lineOf = (offset: number): number => {
      let end = 0
      for (let i = 0; i < lines.length; i++) {
        end += lines[i]!.length
        if (offset < end) return i + 1
      }
      throw new RangeError(`offset ${offset} is past the end`)
    }
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: bytes.length - 2 }),
        fc.integer({ min: 1, max: 255 }),
        (offset, mask) => {
          const corrupt = Buffer.from(bytes)
          corrupt[offset]! ^= mask
          const error = parseError(corrupt)
          expect(error.code).toBe('EXECUTION_JOURNAL')
          expect(error.location.line, `byte ${offset} xor ${mask}`).toBe(lineOf(offset))
        },
      ),
      { numRuns: 2000 },
    )
  })
})
