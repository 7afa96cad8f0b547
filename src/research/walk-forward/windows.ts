/**
 * Walk-forward windows: where each train period and its test period sit on the bars' time.
 *
 * Lengths are counted in bars (`{ bars: 500 }`) or given as durations (`2y`, `6m`, `90d`). Every
 * instrument is windowed by time: bar counts are counted on the merged open times of all the
 * instruments, so a window covers the same span of the calendar for each of them.
 *
 * Window k (k = 0, 1, …), lengths in bars, t the merged open times:
 *   rolling:  train [k·step, k·step + train), test [k·step + train, k·step + train + test)
 *   anchored: train [0, k·step + train),       test as rolling
 * and with durations the same sums on the calendar from the first open time (months and years
 * are calendar months and years, counted from the first time, so a 6m step does not drift).
 * Periods are half-open, `[start, end)` in open time. `step` defaults to the test length and may
 * not be shorter than it: test periods never overlap, so each bar is traded out of sample by at
 * most one window. A step longer than the test leaves gaps that no window trades.
 *
 * The last window may run past the data. It is kept, marked `partial`, when the data covers at
 * least half of its test period (half its test bars, or half its test duration); otherwise it is
 * dropped, since a few bars of test say little and would weigh as much as a full window in the
 * per-window table.
 */
import { TradePulseError } from '../../domain/errors.ts'
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_WEEK } from '../../domain/time.ts'

/** A calendar unit: fixed lengths for minutes to weeks, calendar months and years. */
export type DurationUnit = 'min' | 'h' | 'd' | 'w' | 'mo' | 'y'

export interface CalendarDuration {
  readonly count: number
  readonly unit: DurationUnit
  /** Canonical text, e.g. `2y`, `6m`, `90d`. */
  readonly label: string
}

export type WindowLength = { readonly bars: number } | { readonly duration: CalendarDuration }

export interface WindowSpec {
  readonly train: WindowLength
  readonly test: WindowLength
  /** How far each window moves on; the test length when omitted. */
  readonly step?: WindowLength
  /** Every train period starts at the first bar (it grows) rather than rolling on. */
  readonly anchored?: boolean
}

export interface WalkForwardWindow {
  readonly index: number
  readonly trainStart: number
  /** Also the test start: a test period follows its train period directly. */
  readonly trainEnd: number
  readonly testStart: number
  readonly testEnd: number
  /** Merged open times in each period. */
  readonly trainBars: number
  readonly testBars: number
  /** The data ends before the test period does. */
  readonly partial: boolean
}

const UNIT_ALIASES: Readonly<Record<string, DurationUnit>> = {
  min: 'min',
  mins: 'min',
  minute: 'min',
  minutes: 'min',
  h: 'h',
  hour: 'h',
  hours: 'h',
  d: 'd',
  day: 'd',
  days: 'd',
  w: 'w',
  week: 'w',
  weeks: 'w',
  m: 'mo',
  mo: 'mo',
  month: 'mo',
  months: 'mo',
  y: 'y',
  year: 'y',
  years: 'y',
}

const LABEL_UNIT: Readonly<Record<DurationUnit, string>> = {
  min: 'min',
  h: 'h',
  d: 'd',
  w: 'w',
  mo: 'm',
  y: 'y',
}

const FIXED_MS: Readonly<Record<'min' | 'h' | 'd' | 'w', number>> = {
  min: MS_PER_MINUTE,
  h: MS_PER_HOUR,
  d: MS_PER_DAY,
  w: MS_PER_WEEK,
}

/** The error of a window setting, naming it (`train`, `test`, `step`, `data`). */
export function windowError(field: string, message: string): TradePulseError {
  return new TradePulseError('WALK_FORWARD_WINDOWS', message, { field })
}

/**
 * `2y`, `6m` (months: `m` is a month here, `min` a minute), `13w`, `90d`, `12h`, `30min`. Throws
 * WALK_FORWARD_WINDOWS naming `field`.
 */
export function parseDuration(text: string, field: string): CalendarDuration {
  const match = /^\s*(\d+)\s*([a-zA-Z]+)\s*$/.exec(text)
  const unit = match?.[2] === undefined ? undefined : UNIT_ALIASES[match[2].toLowerCase()]
  const count = match === null ? NaN : Number(match[1])
  if (match === null || unit === undefined || !Number.isSafeInteger(count) || count < 1)
    throw windowError(
      field,
      `a duration must look like 2y, 6m (months), 13w, 90d, 12h or 30min, was ${JSON.stringify(text)}`,
    )
  return { count, unit, label: `${count}${LABEL_UNIT[unit]}` }
}

/** `time` moved on by `times` × `duration`; months and years on the UTC calendar. */
export function addDuration(time: number, duration: CalendarDuration, times = 1): number {
  const count = duration.count * times
  switch (duration.unit) {
    case 'min':
    case 'h':
    case 'd':
    case 'w':
      return time + count * FIXED_MS[duration.unit]
    case 'mo':
    case 'y': {
      const date = new Date(time)
      const months = duration.unit === 'y' ? 12 * count : count
      // Day-of-month past the end of the target month is clamped (31 Jan + 1m = 28/29 Feb),
      // as a person counting months would; the next step counts from the first time again.
      const day = date.getUTCDate()
      date.setUTCDate(1)
      date.setUTCMonth(date.getUTCMonth() + months)
      const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate()
      date.setUTCDate(Math.min(day, last))
      return date.getTime()
    }
  }
}

function checkBars(field: string, length: WindowLength): void {
  if ('bars' in length && (!Number.isSafeInteger(length.bars) || length.bars < 1))
    throw windowError(field, `a number of bars must be a whole number of at least 1, was ${length.bars}`)
}

function overlapping(): TradePulseError {
  return windowError(
    'step',
    'the step is shorter than the test period, so test periods would overlap; give a step of at least the test length',
  )
}

function kind(length: WindowLength): 'bars' | 'duration' {
  return 'bars' in length ? 'bars' : 'duration'
}

/** First index whose time is >= `t`. */
function lowerBound(times: readonly number[], t: number): number {
  let lo = 0
  let hi = times.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (times[mid]! < t) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The windows over `times`, the merged open times of the data (ascending, distinct). Throws
 * WALK_FORWARD_WINDOWS naming the setting at fault, or `data` when not one window fits.
 */
export function walkForwardWindows(times: readonly number[], spec: WindowSpec): WalkForwardWindow[] {
  const step = spec.step ?? spec.test
  checkBars('train', spec.train)
  checkBars('test', spec.test)
  checkBars('step', step)
  if (kind(spec.test) !== kind(spec.train))
    throw windowError('test', `give train and test both in bars or both as durations`)
  if (kind(step) !== kind(spec.train))
    throw windowError('step', `give step in the same kind as train and test (bars or a duration)`)
  const shortStep =
    'bars' in step && 'bars' in spec.test
      ? step.bars < spec.test.bars
      : 'duration' in step &&
        'duration' in spec.test &&
        addDuration(0, step.duration) < addDuration(0, spec.test.duration)
  if (shortStep) throw overlapping()
  const count = times.length
  if (count === 0) throw windowError('data', 'there are no bars to window')

  // Each window as indices into `times`: [trainStart, testStart) and [testStart, testEnd), and how
  // much of the test the data covers relative to a full one.
  const windows: WalkForwardWindow[] = []
  const anchored = spec.anchored ?? false
  const first = times[0]!
  const end = times[count - 1]! + 1
  for (let k = 0; ; k++) {
    let trainFrom: number
    let testFrom: number
    let testTo: number
    let covered: boolean
    let partial: boolean
    let trainStart: number
    let testStart: number
    let testEnd: number
    if ('bars' in spec.train && 'bars' in spec.test && 'bars' in step) {
      const rolling = k * step.bars
      trainFrom = anchored ? 0 : rolling
      testFrom = rolling + spec.train.bars
      if (testFrom >= count) break
      const fullEnd = testFrom + spec.test.bars
      testTo = Math.min(fullEnd, count)
      covered = 2 * (testTo - testFrom) >= spec.test.bars
      partial = fullEnd > count
      trainStart = times[trainFrom]!
      testStart = times[testFrom]!
      testEnd = fullEnd < count ? times[fullEnd]! : end
    } else if ('duration' in spec.train && 'duration' in spec.test && 'duration' in step) {
      const rolling = addDuration(first, step.duration, k)
      trainStart = anchored ? first : rolling
      testStart = addDuration(rolling, spec.train.duration)
      if (testStart >= end) break
      const fullEnd = addDuration(testStart, spec.test.duration)
      testEnd = fullEnd
      covered = 2 * (Math.min(fullEnd, end) - testStart) >= fullEnd - testStart
      partial = fullEnd > end
      trainFrom = lowerBound(times, trainStart)
      testFrom = lowerBound(times, testStart)
      testTo = lowerBound(times, testEnd)
    } else {
      /* c8 ignore next */
      throw new Error('unreachable: the kinds were checked above')
    }
    const previous = windows[windows.length - 1]
    if (previous !== undefined && testStart < previous.testEnd) throw overlapping()
    if (partial && !covered) break
    if (testTo > testFrom && testFrom > trainFrom)
      windows.push({
        index: windows.length,
        trainStart,
        trainEnd: testStart,
        testStart,
        testEnd: partial ? end : testEnd,
        trainBars: testFrom - trainFrom,
        testBars: testTo - testFrom,
        partial,
      })
    if (partial) break
  }
  if (windows.length === 0)
    throw windowError(
      'data',
      `${count} bars from ${new Date(first).toISOString()} to ${new Date(end - 1).toISOString()} do not hold one train period and half a test period`,
    )
  return windows
}

/** The distinct open times of several series, ascending: the time axis the windows are laid on. */
export function mergedOpenTimes(columns: readonly ArrayLike<number>[]): number[] {
  const all = new Set<number>()
  for (const times of columns) for (let i = 0; i < times.length; i++) all.add(times[i]!)
  return [...all].sort((a, b) => a - b)
}
