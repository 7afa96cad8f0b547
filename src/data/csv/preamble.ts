/**
 * Comment lines above the header. Vendors write where the data came from above it
 * (`# Data source: …`, `# Exported 2024-01-05`); such lines are skipped, counted and noted in the
 * report. A comment line is a line whose first character other than spaces is `#`; blank lines
 * among the comments are skipped with them.
 *
 * Only leading lines are comments. A `#` line among the rows is a row, and is reported: a reader
 * that skipped lines anywhere could drop data without a word.
 *
 * Some tools comment out the header itself (`#time,open,high,low,close`). The last comment line
 * is taken for the header when it has exactly the rows' field count, reads as a header, and the
 * first line after the comments does not: reading such a file by position instead could swap
 * open and close without any error.
 */
import { splitRecords } from './dialect.ts'
import { looksLikeHeader } from './header.ts'

export interface Preamble {
  /** Physical lines above the first line that is neither blank nor a comment. */
  readonly lines: number
  /** How many of them are comment lines. */
  readonly comments: number
  /** Index in the text just after the preamble. */
  readonly offset: number
  /** 1-based line of the last comment line, and its text from the `#` on; null without comments. */
  readonly lastComment: { readonly line: number; readonly text: string } | null
}

/**
 * The comment and blank lines at the start of `text` (after any byte-order mark). Lines end at
 * `lineEnd`, the byte the scanner counts (LF, also for CRLF files, or CR), so both agree on
 * which line is which.
 */
export function readPreamble(text: string, lineEnd: 10 | 13): Preamble {
  const eol = String.fromCharCode(lineEnd)
  let offset = 0
  let lines = 0
  let comments = 0
  let lastComment: Preamble['lastComment'] = null
  while (offset < text.length) {
    const found = text.indexOf(eol, offset)
    const end = found < 0 ? text.length : found
    const content = text.slice(offset, end).trim()
    if (content !== '' && !content.startsWith('#')) break
    lines++
    if (content !== '') {
      comments++
      lastComment = { line: lines, text: content }
    }
    offset = Math.min(end + 1, text.length)
  }
  return { lines, comments, offset, lastComment }
}

/**
 * The fields of the last comment line when it is the file's header written as a comment: it has
 * the rows' field count and reads as a header, and the first line after the comments does not.
 */
export function commentedHeader(preamble: Preamble, delimiter: string, firstRow: readonly string[], rowFieldCount: number): readonly string[] | null {
  if (preamble.lastComment === null) return null
  const fields = splitRecords(preamble.lastComment.text.replace(/^#+/, ''), delimiter)[0]?.fields
  if (fields?.length !== rowFieldCount || !looksLikeHeader(fields) || looksLikeHeader(firstRow)) return null
  return fields
}
