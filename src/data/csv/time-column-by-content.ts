/**
 * The time column of a file whose header does not name one: exporters write the format string
 * (`"%Y-%m-%d"`), pandas writes `Unnamed: 0`. When no header name matches the time role, the
 * columns no other role took are read, and the one whose sampled values are all timestamps is the
 * time column — if there is exactly one. With two (`Start`, `End`) the choice is the user's, so
 * it is refused with both names; with none, the usual missing-column error stands.
 */
import { TradePulseError } from '../../domain/errors.ts'

export interface TimeColumnByContent {
  readonly column: number
  /** Says which column was taken and why, for the report. */
  readonly note: string
}

export function timeColumnByContent(
  file: string,
  names: readonly string[],
  isFree: (column: number) => boolean,
  readsAsTimestamps: (column: number) => boolean,
): TimeColumnByContent | null {
  const candidates = names.map((_, column) => column).filter((column) => isFree(column) && readsAsTimestamps(column))
  const [only] = candidates
  if (only === undefined) return null
  if (candidates.length > 1) {
    const listed = candidates.map((column) => names[column]!)
    throw new TradePulseError(
      'DATA_CSV_HEADER',
      `no column is named as a time, and columns ${listed.join(', ')} all hold timestamps: map one, e.g. time=${listed[0]!}`,
      { file },
    )
  }
  return { column: only, note: `no column is named as a time: column ${names[only]!} holds timestamps throughout the sample, so it is the time column` }
}
