/**
 * The dialect of a CSV file: byte-order mark, line ending, delimiter, and the quote-aware splitting
 * of text into records. Detection looks at the first lines only; the rest of the file is held to
 * what they showed.
 *
 * Delimiter rule: among tab, semicolon and comma, the first (in that order) that appears the same
 * non-zero number of times, outside quotes, on every sampled line. Tab and semicolon come first
 * because a file that uses them usually does so on purpose, often because its numbers use a
 * decimal comma (`1,5;1,6`). When none is consistent, the most frequent one wins.
 */
import { TradePulseError } from '../../domain/errors.ts'
import type { CsvDelimiter } from './types.ts'

export const UTF8_BOM = [0xef, 0xbb, 0xbf] as const

/** Length of a UTF-8 byte-order mark at the start of `bytes` (0 or 3); refuses UTF-16, which we do not read. */
export function byteOrderMarkLength(bytes: Uint8Array, file: string): number {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 3
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new TradePulseError('DATA_UNSUPPORTED_FORMAT', 'the file is UTF-16 text; save it as UTF-8', { file })
  }
  return 0
}

/** The byte that ends a line: LF (also for CRLF files), or CR for files saved with bare CR endings. */
export function detectLineEnd(text: string): 10 | 13 {
  return !text.includes('\n') && text.includes('\r') ? 13 : 10
}

const CANDIDATES: readonly CsvDelimiter[] = ['\t', ';', ',']

function countOutsideQuotes(line: string, char: string): number {
  let count = 0
  let quoted = false
  for (const c of line) {
    if (c === '"') quoted = !quoted
    else if (c === char && !quoted) count++
  }
  return count
}

export function detectDelimiter(lines: readonly string[]): CsvDelimiter {
  const sample = lines.filter((line) => line.trim() !== '').slice(0, 50)
  const counts = CANDIDATES.map((d) => sample.map((line) => countOutsideQuotes(line, d)))
  for (let k = 0; k < CANDIDATES.length; k++) {
    const perLine = counts[k]!
    if (perLine.length > 0 && perLine[0]! > 0 && perLine.every((n) => n === perLine[0])) return CANDIDATES[k]!
  }
  let best = 2 // comma when nothing stands out
  for (let k = 0; k < CANDIDATES.length; k++) {
    const total = counts[k]!.reduce((a, b) => a + b, 0)
    if (total > counts[best]!.reduce((a, b) => a + b, 0)) best = k
  }
  return CANDIDATES[best]!
}

export interface TextRecord {
  /** 1-based line where the record starts. */
  readonly line: number
  readonly fields: readonly string[]
  /** The record ended inside a quoted field (only possible at the end of the text). */
  readonly unterminated: boolean
}

/**
 * Splits text into records: fields separated by `delimiter`, records by line ends, `"…"` quoting
 * with `""` for a quote, quoted fields may span lines. A quote opens quoting only at the start of
 * a field (RFC 4180); elsewhere it is an ordinary character, so `1"5` stays `1"5` and fails as a
 * number rather than swallowing the rest of the file. Blank lines produce no record.
 */
export function splitRecords(text: string, delimiter: string, firstLine = 1): TextRecord[] {
  if (!text.includes('"')) return splitUnquoted(text, delimiter, firstLine)
  const records: TextRecord[] = []
  let line = firstLine
  let fields: string[] = []
  let field = ''
  let quoted = false
  let fieldStart = true
  let recordLine = line
  let i = 0
  const n = text.length
  const endRecord = (unterminated: boolean): void => {
    fields.push(field)
    if (!(fields.length === 1 && fields[0] === '' && !unterminated)) records.push({ line: recordLine, fields, unterminated })
    fields = []
    field = ''
    fieldStart = true
  }
  while (i < n) {
    const c = text[i]!
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
      } else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++
        field += c
      }
      i++
      continue
    }
    if (c === '"' && fieldStart) {
      quoted = true
      fieldStart = false
    } else if (c === delimiter) {
      fields.push(field)
      field = ''
      fieldStart = true
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      endRecord(false)
      line++
      recordLine = line
    } else {
      field += c
      fieldStart = false
    }
    i++
  }
  if (quoted || field !== '' || fields.length > 0) endRecord(quoted)
  return records
}

/** `splitRecords` for text without quotes: a split per line. */
function splitUnquoted(text: string, delimiter: string, firstLine: number): TextRecord[] {
  const records: TextRecord[] = []
  splitLines(text).forEach((line, i) => {
    if (line !== '') records.push({ line: firstLine + i, fields: line.split(delimiter), unterminated: false })
  })
  return records
}

/** Lines of `text` (CRLF, LF or CR endings), without quote awareness: for delimiter detection. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/)
}
