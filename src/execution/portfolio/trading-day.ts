/**
 * Where one trading day ends and the next begins, for the daily PnL the risk engine limits. The
 * boundary is a parameter because venues disagree: crypto rolls at 00:00 UTC, FX at 17:00 New
 * York, an equity desk at its own close. A `TradingDay` maps a time to the start of the day that
 * contains it; the portfolio only compares those starts, so any monotone mapping works,
 * including one that follows daylight saving from a calendar outside the core.
 */
import { TradePulseError } from '../../domain/errors.ts'
import { MS_PER_DAY, type UnixMillis } from '../../domain/time.ts'

/** The start (Unix milliseconds) of the trading day containing `time`; must never decrease as time grows. */
export type TradingDay = (time: UnixMillis) => number

/**
 * Days of exactly 24 hours starting `startOffsetMs` after 00:00 UTC: `0` for crypto, 22 hours
 * for 17:00 New York in winter (a fixed offset cannot follow daylight saving; pass a calendar
 * function for that).
 */
export function utcTradingDay(startOffsetMs = 0): TradingDay {
  if (!Number.isSafeInteger(startOffsetMs) || startOffsetMs < 0 || startOffsetMs >= MS_PER_DAY) {
    throw new TradePulseError(
      'DOMAIN_INVALID_INTERVAL',
      `a trading day must start 0 to 86_399_999 ms after midnight UTC, was ${startOffsetMs}`,
    )
  }
  return (time) => {
    const shifted = time - startOffsetMs
    return shifted - (((shifted % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) + startOffsetMs
  }
}
