/**
 * Snapshots keep bigints as decimal strings (JSON has no bigint). Reading one back is the edge
 * where a corrupt journal would enter, so it is checked here, once, with the journal's error code.
 */
import { TradePulseError } from '../../domain/errors.ts'

/** A bigint written by `toString()`; anything else is corruption. */
export function parseBigInt(text: unknown, what: string): bigint {
  if (typeof text !== 'string' || !/^-?\d+$/.test(text)) {
    throw new TradePulseError(
      'EXECUTION_JOURNAL',
      `${what} must be an integer string, was ${JSON.stringify(text)}`,
    )
  }
  return BigInt(text)
}
