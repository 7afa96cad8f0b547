/**
 * The journal's file format: JSON Lines, one record per line, each line a JSON object in a fixed
 * shape so that it can be checked byte for byte and still read with `tail`, `grep` or `jq`:
 *
 *     {"seq":1,"crc":"5da78f0c","payload":{"type":"cancel-request","orderId":"O-7","time":1718000000000}}\n
 *
 * `seq` counts from 1 with no gaps; `crc` is the CRC-32 (crc32.ts) of the payload's UTF-8 bytes
 * exactly as written, in eight lowercase hex digits. The header is ASCII and always in this
 * order, so the reader finds the payload by position rather than by re-serialising parsed JSON
 * (which need not reproduce the bytes the checksum was taken over).
 *
 * A record exists once its newline does. The reader's rules:
 * - bytes after the last newline are a torn write (a crash mid-append) and are dropped, counted
 *   in `droppedTailBytes` — that record was never acknowledged, since acknowledgement follows the
 *   write of its newline and the fsync;
 * - every line that ends in a newline must be whole: the header in its fixed shape, a matching
 *   checksum, a payload that parses, the next sequence number, and a value the codec accepts.
 *   Anything else is corruption of a record that may have been acknowledged, so it is never
 *   skipped: the reader throws `EXECUTION_JOURNAL` naming the file, the line and its byte offset.
 */
import { TradePulseError } from '../../domain/errors.ts'
import { crc32, crc32Hex } from './crc32.ts'
import type { JournalContents } from './journal.ts'
import type { JournalCodec } from './journal-codec.ts'

const NEWLINE = 0x0a
const CLOSE_BRACE = 0x7d
const HEADER = /^\{"seq":(0|[1-9][0-9]{0,15}),"crc":"([0-9a-f]{8})","payload":/

function corruptRecord(problem: string, file: string, line: number, offset: number): TradePulseError {
  return new TradePulseError('EXECUTION_JOURNAL', `${problem} (record at byte offset ${offset})`, {
    file,
    line,
  })
}

/** One record as the bytes of its line, newline included. */
export function encodeRecordLine(seq: number, payloadText: string): Buffer {
  const payload = Buffer.from(payloadText, 'utf8')
  const header = `{"seq":${seq},"crc":"${crc32Hex(payload)}","payload":`
  const line = Buffer.allocUnsafe(header.length + payload.length + 2)
  line.write(header, 0, 'latin1')
  payload.copy(line, header.length)
  line[line.length - 2] = CLOSE_BRACE
  line[line.length - 1] = NEWLINE
  return line
}

export interface ParsedJournal<R> {
  readonly contents: JournalContents<R>
  /** Length of the whole records at the front of the file: where a recovered journal continues. */
  readonly intactBytes: number
}

/** Reads a journal's bytes by the rules in the module comment; `file` labels errors and `where`. */
export function parseJournal<R>(bytes: Buffer, file: string, codec: JournalCodec<R>): ParsedJournal<R> {
  const records: R[] = []
  let start = 0
  let line = 1
  for (let end = bytes.indexOf(NEWLINE, start); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
    const text = bytes.toString('utf8', start, end)
    const header = HEADER.exec(text)
    if (header === null || bytes[end - 1] !== CLOSE_BRACE || end - 1 <= start + header[0].length) {
      throw corruptRecord(
        'not a journal record: expected {"seq":N,"crc":"<8 hex digits>","payload":...}',
        file,
        line,
        start,
      )
    }
    const payloadStart = start + header[0].length
    const computed = crc32(bytes.subarray(payloadStart, end - 1))
    const stored = header[2]!
    if (computed !== Number.parseInt(stored, 16)) {
      throw corruptRecord(
        `checksum mismatch: stored ${stored}, computed ${computed.toString(16).padStart(8, '0')}; the record is corrupt`,
        file,
        line,
        start,
      )
    }
    const seq = Number(header[1])
    if (seq !== line) {
      throw corruptRecord(
        `sequence ${header[1]!} where ${line} was expected: ${seq < line ? 'a repeated or reordered record' : 'records are missing'}`,
        file,
        line,
        start,
      )
    }
    let json: unknown
    try {
      json = JSON.parse(text.slice(header[0].length, -1))
    } catch {
      // The checksum matched, so the writer itself stored this text: a bug, or a 1-in-2^32 collision.
      throw corruptRecord('the payload is not valid JSON although its checksum matches', file, line, start)
    }
    records.push(codec.decode(json, { file, line }))
    start = end + 1
    line++
  }
  return {
    contents: { records, lastSeq: records.length, droppedTailBytes: bytes.length - start },
    intactBytes: start,
  }
}
