/**
 * How a record type crosses the journal's JSON boundary. JSON has no `bigint` and no brands, so
 * each record type brings a codec: `encode` turns money into decimal strings (and anything else
 * JSON cannot hold into something it can), `decode` checks the parsed value and rebuilds the
 * record — brands and all — or throws a `TradePulseError` naming the file and line, so a bad
 * record in a journal of millions points a person straight at it.
 *
 * `toJsonText` is the one place a codec's output becomes text. It refuses values that JSON would
 * silently change instead of storing: a `bigint` (JSON.stringify throws a bare TypeError), `NaN`
 * or ±Infinity (stored as `null`), `undefined` in an array (stored as `null`), a function or a
 * symbol (dropped). An `undefined` object property is dropped, as JSON does; a codec that needs
 * to tell "absent" from "undefined" must say so in its encoding.
 */
import { TradePulseError } from '../../domain/errors.ts'

/** Where a record sits, for error messages: the journal file and its 1-based line. */
export interface JournalLocation {
  readonly file: string
  readonly line: number
}

export interface JournalCodec<R> {
  /** A JSON-able value for `record`: plain objects, arrays, strings, finite numbers, booleans, null. */
  encode(record: R): unknown
  /** Rebuilds a record from the parsed JSON of one line; throws `journalDecodeError` if it is not one. */
  decode(json: unknown, where: JournalLocation): R
}

/** The error a codec throws for a value that is not a valid record: `file:line: field: message`. */
export function journalDecodeError(where: JournalLocation, message: string, field?: string): TradePulseError {
  return new TradePulseError(
    'EXECUTION_JOURNAL',
    message,
    field === undefined
      ? { file: where.file, line: where.line }
      : { file: where.file, line: where.line, field },
  )
}

/**
 * The JSON text of a codec's output, refusing what JSON cannot store exactly (see the module
 * comment). `file` only labels the error.
 */
export function toJsonText(value: unknown, file?: string): string {
  const text = JSON.stringify(
    value,
    function refuseLossy(this: unknown, key: string, item: unknown): unknown {
      const kind = typeof item
      const lossy =
        kind === 'bigint' ||
        kind === 'function' ||
        kind === 'symbol' ||
        (kind === 'number' && !Number.isFinite(item)) ||
        (item === undefined && Array.isArray(this))
      if (lossy) {
        const shown = kind === 'number' ? String(item) : kind
        throw new TradePulseError(
          'EXECUTION_JOURNAL',
          `a record cannot be journaled: ${shown} at key ${JSON.stringify(key)} does not survive JSON; encode it first`,
          file === undefined ? {} : { file },
        )
      }
      return item
    },
  )
  // JSON.stringify returns undefined (not a string) for a top-level undefined, function or symbol.
  if (typeof text !== 'string') {
    throw new TradePulseError(
      'EXECUTION_JOURNAL',
      'a record cannot be journaled: its codec returned nothing JSON can hold',
      file === undefined ? {} : { file },
    )
  }
  return text
}
