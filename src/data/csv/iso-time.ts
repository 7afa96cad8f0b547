/**
 * ISO 8601 timestamps from bytes, by arithmetic: `2024-01-02`, `2024-01-02T09:30`,
 * `2024-01-02 09:30:00`, `2024-01-02T09:30:00.123456Z`, `…09:30:00,5` (a comma before a digit only: after it, it is the delimiter), `2024-01-02T09:30:00+05:30` (also `+0530`,
 * `+05`). No zone means UTC. Fractions finer than a millisecond are truncated, as `Date.parse`
 * does. The day must exist (no 2023-02-29) and the time must be a real one (no 24:00, no leap
 * second 60).
 */
import { MS_PER_DAY } from '../../domain/time.ts'
import { daysFromCivil, daysInMonth } from '../../domain/civil.ts'

/** Where the last parse stopped, and whether the value had a time of day. */
export const timeScan = { end: 0, hasTime: false }

/** The last valid date seen: intraday files repeat one date for hundreds of rows. */
const lastDate = { key: -1, ms: 0 }

function digit(buf: Uint8Array, i: number): number {
  const d = buf[i]! - 48
  return d >= 0 && d <= 9 ? d : -100
}

function twoDigits(buf: Uint8Array, i: number): number {
  const value = digit(buf, i) * 10 + digit(buf, i + 1)
  return value >= 0 ? value : -1
}

/** UTC milliseconds, or NaN when the bytes at `pos` do not start an ISO date. */
export function parseIsoAt(buf: Uint8Array, pos: number): number {
  let i = pos
  while (buf[i] === 32) i++
  const year = digit(buf, i) * 1000 + digit(buf, i + 1) * 100 + digit(buf, i + 2) * 10 + digit(buf, i + 3)
  if (year < 0 || buf[i + 4] !== 45 || buf[i + 7] !== 45) return NaN
  const month = twoDigits(buf, i + 5)
  const day = twoDigits(buf, i + 8)
  const dateKey = (year * 100 + month) * 100 + day
  if (dateKey !== lastDate.key) {
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN
    lastDate.key = dateKey
    lastDate.ms = daysFromCivil(year, month, day) * MS_PER_DAY
  }
  let t = lastDate.ms
  i += 10
  const separator = buf[i]
  timeScan.hasTime = false
  if ((separator === 84 || separator === 32 || separator === 116) && digit(buf, i + 1) >= 0) {
    const hour = twoDigits(buf, i + 1)
    const minute = twoDigits(buf, i + 4)
    if (hour < 0 || hour > 23 || buf[i + 3] !== 58 || minute < 0 || minute > 59) return NaN
    t += (hour * 60 + minute) * 60_000
    i += 6
    if (buf[i] === 58) {
      const second = twoDigits(buf, i + 1)
      if (second < 0 || second > 59) return NaN
      t += second * 1000
      i += 3
      if (buf[i] === 46 || (buf[i] === 44 && digit(buf, i + 1) >= 0)) {
        i++
        const fractionStart = i
        let millis = 0
        let scale = 100
        for (let d = digit(buf, i); d >= 0; d = digit(buf, ++i)) {
          millis += d * scale
          scale = scale > 1 ? scale / 10 : 0
        }
        if (i === fractionStart) return NaN
        t += millis
      }
    }
    timeScan.hasTime = true
    const zone = buf[i]
    if (zone === 90 || zone === 122) i++
    else if (zone === 43 || zone === 45) {
      const offsetHours = twoDigits(buf, i + 1)
      if (offsetHours < 0 || offsetHours > 23) return NaN
      i += 3
      let offsetMinutes = 0
      if (buf[i] === 58) i++
      if (digit(buf, i) >= 0) {
        offsetMinutes = twoDigits(buf, i)
        if (offsetMinutes < 0 || offsetMinutes > 59) return NaN
        i += 2
      }
      const offset = (offsetHours * 60 + offsetMinutes) * 60_000
      t -= zone === 43 ? offset : -offset
    }
  }
  timeScan.end = i
  return t
}

/** Time of day as milliseconds since midnight: `9:30`, `09:30:00`, `09:30:00.250`, `093000`; NaN otherwise. */
export function parseTimeOfDayAt(buf: Uint8Array, pos: number): number {
  let i = pos
  while (buf[i] === 32) i++
  let hour = digit(buf, i)
  if (hour < 0) return NaN
  i++
  if (digit(buf, i) >= 0) hour = hour * 10 + digit(buf, i++)
  let minute: number
  let second = 0
  let millis = 0
  if (buf[i] === 58) {
    minute = twoDigits(buf, i + 1)
    i += 3
    if (buf[i] === 58) {
      second = twoDigits(buf, i + 1)
      i += 3
    }
  } else {
    // Compact HHmmss / HHmm, as some terminals export it.
    minute = twoDigits(buf, i)
    i += 2
    if (digit(buf, i) >= 0) {
      second = twoDigits(buf, i)
      i += 2
    }
  }
  if (hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NaN
  if (buf[i] === 46 || (buf[i] === 44 && digit(buf, i + 1) >= 0)) {
    i++
    const fractionStart = i
    let scale = 100
    for (let d = digit(buf, i); d >= 0; d = digit(buf, ++i)) {
      millis += d * scale
      scale = scale > 1 ? scale / 10 : 0
    }
    if (i === fractionStart) return NaN
  }
  timeScan.end = i
  return ((hour * 60 + minute) * 60 + second) * 1000 + millis
}
