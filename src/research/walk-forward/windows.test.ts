import { describe, expect, it } from 'vitest'
import { TradePulseError } from '../../domain/errors.ts'
import { MS_PER_DAY } from '../../domain/time.ts'
import { addDuration, parseDuration, walkForwardWindows } from './windows.ts'

/** Daily open times from 2020-01-01. */
const START = Date.UTC(2020, 0, 1)
const days = (count: number): number[] => Array.from({ length: count }, (_, i) => START + i * MS_PER_DAY)

function fieldOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(TradePulseError)
    expect((error as TradePulseError).code).toBe('WALK_FORWARD_WINDOWS')
    return (error as TradePulseError).location.field
  }
  return undefined
}

describe('walkForwardWindows by bar count', () => {
  it('rolls the train period on by the test length when no step is given', () => {
    const times = days(10)
    const windows = walkForwardWindows(times, { train: { bars: 4 }, test: { bars: 2 } })
    expect(windows.map((w) => [w.trainStart, w.testStart, w.testEnd])).toEqual([
      [times[0], times[4], times[6]],
      [times[2], times[6], times[8]],
      [times[4], times[8], times[9]! + 1],
    ])
    expect(windows.every((w) => w.trainBars === 4 && w.testBars === 2 && !w.partial)).toBe(true)
  })

  it('anchored windows all train from the first bar', () => {
    const windows = walkForwardWindows(days(10), { train: { bars: 4 }, test: { bars: 2 }, anchored: true })
    expect(windows.map((w) => w.trainBars)).toEqual([4, 6, 8])
    expect(new Set(windows.map((w) => w.trainStart)).size).toBe(1)
  })

  it('a step longer than the test leaves gaps between test periods', () => {
    const windows = walkForwardWindows(days(12), { train: { bars: 4 }, test: { bars: 2 }, step: { bars: 3 } })
    expect(windows.map((w) => w.testBars)).toEqual([2, 2, 2])
    for (let i = 1; i < windows.length; i++)
      expect(windows[i]!.testStart).toBeGreaterThan(windows[i - 1]!.testEnd)
  })

  it('keeps a last partial window covering at least half its test, and drops a shorter one', () => {
    const kept = walkForwardWindows(days(9), { train: { bars: 4 }, test: { bars: 2 } })
    expect(kept.at(-1)).toMatchObject({ testBars: 1, partial: true })
    const dropped = walkForwardWindows(days(9), { train: { bars: 4 }, test: { bars: 3 } })
    // Windows test [4, 7) and then [7, 9): 2 of 3 bars is kept; with 10 bars a window of 1 of 3 is not.
    expect(dropped.map((w) => w.testBars)).toEqual([3, 2])
    expect(
      walkForwardWindows(days(11), { train: { bars: 4 }, test: { bars: 3 } }).map((w) => w.testBars),
    ).toEqual([3, 3])
  })

  it('test periods never overlap and follow their train periods directly', () => {
    const windows = walkForwardWindows(days(50), { train: { bars: 7 }, test: { bars: 5 }, step: { bars: 5 } })
    for (const [i, w] of windows.entries()) {
      expect(w.trainEnd).toBe(w.testStart)
      if (i > 0) expect(w.testStart).toBeGreaterThanOrEqual(windows[i - 1]!.testEnd)
    }
  })

  it('names the setting at fault', () => {
    expect(fieldOf(() => walkForwardWindows(days(10), { train: { bars: 0 }, test: { bars: 2 } }))).toBe(
      'train',
    )
    expect(fieldOf(() => walkForwardWindows(days(10), { train: { bars: 4 }, test: { bars: 1.5 } }))).toBe(
      'test',
    )
    expect(
      fieldOf(() =>
        walkForwardWindows(days(10), { train: { bars: 4 }, test: { bars: 3 }, step: { bars: 2 } }),
      ),
    ).toBe('step')
    expect(
      fieldOf(() =>
        walkForwardWindows(days(10), { train: { bars: 4 }, test: { duration: parseDuration('2d', 'test') } }),
      ),
    ).toBe('test')
    expect(fieldOf(() => walkForwardWindows(days(5), { train: { bars: 5 }, test: { bars: 2 } }))).toBe('data')
    expect(fieldOf(() => walkForwardWindows([], { train: { bars: 1 }, test: { bars: 1 } }))).toBe('data')
  })
})

describe('walkForwardWindows by duration', () => {
  it('counts calendar years and months from the first bar', () => {
    const times = days(3 * 366)
    const windows = walkForwardWindows(times, {
      train: { duration: parseDuration('1y', 'train') },
      test: { duration: parseDuration('6m', 'test') },
    })
    expect(windows.map((w) => new Date(w.testStart).toISOString().slice(0, 10))).toEqual([
      '2021-01-01',
      '2021-07-01',
      '2022-01-01',
      '2022-07-01',
    ])
    expect(windows[0]!.trainBars).toBe(366)
    expect(windows[0]!.testBars).toBe(181)
    // 2020-01-01 + 1098 days is 2023-01-03: the window testing from 2023-01-01 has 2 of 181 days and is dropped.
    expect(windows.at(-1)!.partial).toBe(false)
  })

  it('anchored duration windows grow from the first bar', () => {
    const windows = walkForwardWindows(days(420), {
      train: { duration: parseDuration('180d', 'train') },
      test: { duration: parseDuration('90d', 'test') },
      anchored: true,
    })
    expect(windows.map((w) => w.trainBars)).toEqual([180, 270, 360])
    // The third tests days 360 to 450 of 420: 60 of 90 days, kept and marked partial.
    expect(windows.map((w) => w.partial)).toEqual([false, false, true])
    expect(windows.at(-1)!.testBars).toBe(60)
  })

  it('refuses a step shorter than the test', () => {
    expect(
      fieldOf(() =>
        walkForwardWindows(days(400), {
          train: { duration: parseDuration('3m', 'train') },
          test: { duration: parseDuration('1m', 'test') },
          step: { duration: parseDuration('2w', 'step') },
        }),
      ),
    ).toBe('step')
  })
})

describe('parseDuration and addDuration', () => {
  it('reads m as months and min as minutes', () => {
    expect(parseDuration('6m', 'test')).toEqual({ count: 6, unit: 'mo', label: '6m' })
    expect(parseDuration('30min', 'test')).toEqual({ count: 30, unit: 'min', label: '30min' })
    expect(parseDuration(' 2 years ', 'train').label).toBe('2y')
  })

  it('names the field of a duration that does not parse', () => {
    expect(fieldOf(() => parseDuration('6q', 'train'))).toBe('train')
    expect(fieldOf(() => parseDuration('0d', 'step'))).toBe('step')
    expect(fieldOf(() => parseDuration('y', 'test'))).toBe('test')
  })

  it('clamps the day of month and never drifts', () => {
    const month = parseDuration('1m', 'step')
    const jan31 = Date.UTC(2021, 0, 31)
    expect(new Date(addDuration(jan31, month)).toISOString().slice(0, 10)).toBe('2021-02-28')
    expect(new Date(addDuration(jan31, month, 2)).toISOString().slice(0, 10)).toBe('2021-03-31')
    expect(addDuration(START, parseDuration('12h', 'x'))).toBe(START + MS_PER_DAY / 2)
  })
})
