import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { type ErrorCode, TradePulseError } from '../../domain/errors.ts'
import { parseInterval } from '../../domain/time.ts'
import { ISSUE_CAP } from './issues.ts'
import { readBarsCsv, validateBarsCsv } from './index.ts'
import type { IngestIssue, IngestReport } from './types.ts'
import { envelopeProblems, valueProblem } from '../bar-rules.ts'

const BROKEN = 'src/data/csv/fixtures/broken.csv'
const work = mkdtempSync(join(tmpdir(), 'tradepulse-csv-validate-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

let fileCount = 0
function file(content: string): string {
  const path = join(work, `f${fileCount++}.csv`)
  writeFileSync(path, content)
  return path
}

function brief(issues: readonly IngestIssue[]): string[] {
  return issues.map((i) => `${i.line} ${i.field ?? '-'} ${i.code} ${i.action}`)
}

/** Every problem in fixtures/broken.csv, in line order: line, field, issue, what strict fails with, and the message. */
const PROBLEMS: readonly [number, string | undefined, IngestIssue['code'], ErrorCode, string][] = [
  [4, undefined, 'wrong-field-count', 'DATA_CSV_PARSE', 'expected 6 fields, found 4'],
  [5, 'time', 'unparsable-time', 'DATA_CSV_PARSE', '"2024-03-04 noon" is not a timestamp in the format iso-8601'],
  [6, 'high', 'unparsable-number', 'DATA_CSV_PARSE', 'high "abc" is not a number'],
  [7, 'close', 'missing-value', 'DATA_CSV_PARSE', 'close has no value ("")'],
  [8, 'open', 'non-finite-price', 'DATA_INVALID_BAR', 'open is NaN'],
  [9, 'low', 'negative-price', 'DATA_INVALID_BAR', 'low -1 is negative'],
  [10, 'volume', 'negative-volume', 'DATA_INVALID_BAR', 'volume -50 is negative'],
  [11, 'volume', 'non-finite-volume', 'DATA_INVALID_BAR', 'volume is Infinity'],
  [12, 'high', 'high-below-body', 'DATA_INVALID_BAR', 'high 103 is below max(open, close) = 103.2'],
  [13, 'low', 'low-above-body', 'DATA_INVALID_BAR', 'low 103.3 is above min(open, close) = 103.2'],
  [15, 'time', 'duplicate-time', 'DATA_TIME_ORDER', '2024-03-04T19:00:00.000Z appears again (first on line 14)'],
  [17, 'time', 'out-of-order', 'DATA_TIME_ORDER', '2024-03-04T20:00:00.000Z is out of order: it follows 2024-03-04T23:00:00.000Z (line 16) in a file in ascending order'],
]

describe('a hand-made broken file, under strict', () => {
  const lines = readFileSync(BROKEN, 'utf8').split('\n')

  it('throws at each problem with file:line: field: message', async () => {
    for (const [k, [line, field, , code, message]] of PROBLEMS.entries()) {
      // Blank out the problems before this one: blank lines are skipped and keep the numbering.
      const earlier = new Set(PROBLEMS.slice(0, k).map(([l]) => l))
      const path = file(lines.map((text, i) => (earlier.has(i + 1) ? '' : text)).join('\n'))
      const where = field === undefined ? `${path}:${line}` : `${path}:${line}: ${field}`
      const error = await readBarsCsv(path).catch((e: unknown) => e)
      expect(error, `line ${line}`).toBeInstanceOf(TradePulseError)
      expect((error as TradePulseError).message).toBe(`${where}: ${message}`)
      expect(error).toMatchObject({ code, location: { file: path, line, ...(field === undefined ? {} : { field }) } })
      await expect(validateBarsCsv(path), 'validate fails the same way').rejects.toThrow(`${where}: ${message}`)
    }
  })

  it('names the first problem of the untouched file', async () => {
    await expect(readBarsCsv(BROKEN)).rejects.toThrow(`${BROKEN}:4: expected 6 fields, found 4`)
  })
})

describe('a hand-made broken file, under repair', () => {
  it('reports every change with its line, and keeps what is sound', async () => {
    const { series, report } = await readBarsCsv(BROKEN, { policy: 'repair' })
    expect(brief(report.issues)).toEqual([
      '4 - wrong-field-count dropped-row',
      '5 time unparsable-time dropped-row',
      '6 high unparsable-number dropped-row',
      '7 close missing-value dropped-row',
      '8 open non-finite-price dropped-row',
      '9 low negative-price dropped-row',
      '10 volume negative-volume dropped-row',
      '11 volume non-finite-volume dropped-row',
      '12 high high-below-body fixed',
      '13 low low-above-body fixed',
      '15 time duplicate-time dropped-row',
      '16 time gap none',
      '17 time out-of-order reordered',
    ])
    for (const [line, , code, , message] of PROBLEMS) {
      const issue = report.issues.find((i) => i.line === line)!
      expect(issue.code).toBe(code)
      expect(issue.message.startsWith(message), `line ${line}: ${issue.message}`).toBe(true)
      expect(issue.severity).toBe('error')
    }
    expect(report.issues.find((i) => i.line === 12)!.message).toBe('high 103 is below max(open, close) = 103.2; raised to 103.2')
    expect(report.issues.find((i) => i.line === 13)!.message).toBe('low 103.3 is above min(open, close) = 103.2; lowered to 103.2')
    expect(report.issues.find((i) => i.line === 17)!.message).toMatch(/; moved into time order$/)
    expect(report.issues.find((i) => i.code === 'gap')).toEqual({
      line: 16,
      field: 'time',
      code: 'gap',
      severity: 'warning',
      message: '2 bars missing between 2024-03-04T20:00:00.000Z and 2024-03-04T23:00:00.000Z (interval 1h, continuous calendar)',
      action: 'none',
    })
    expect(report).toMatchObject({ rowsRead: 17, barsAccepted: 8, issuesTruncated: false, gaps: { count: 1, missingBars: 2, largestMs: 3 * 3_600_000 } })
    expect(Object.values(report.issueCounts).every((n) => n === 1), 'each problem kind appears once').toBe(true)
    expect(Object.keys(report.issueCounts)).toHaveLength(13)
    expect([...series].map((b) => [new Date(b.openTime).toISOString().slice(11, 16), b.high, b.low])).toEqual([
      ['09:00', 101, 99],
      ['10:00', 101.5, 100],
      ['17:00', 103.2, 102.9],
      ['18:00', 103.6, 103.2],
      ['19:00', 103.5, 103.3],
      ['20:00', 103.9, 103.5],
      ['23:00', 103.8, 103.4],
      ['00:00', 104, 103.6],
    ])
  })

  it('gives the same report from validateBarsCsv, without a series', async () => {
    const { report } = await readBarsCsv(BROKEN, { policy: 'repair' })
    expect(await validateBarsCsv(BROKEN, { policy: 'repair' })).toEqual(report)
  })
})

describe('time order', () => {
  const header = 'time,open,high,low,close\n'
  const bar = (hour: number, price = 1): string => `2024-01-02T${String(hour).padStart(2, '0')}:00Z,${price},${price},${price},${price}\n`

  it('keeps the first of a duplicated time, also when that row was dropped', async () => {
    const path = file(`${header}${bar(0)}2024-01-02T01:00Z,x,1,1,1\n${bar(1, 2)}${bar(2)}`)
    const { series, report } = await readBarsCsv(path, { policy: 'repair' })
    expect(report.issues.map((i) => i.message)).toEqual(['open "x" is not a number', '2024-01-02T01:00:00.000Z appears again (first on line 3, which was dropped)'])
    expect(series.length).toBe(2)
    expect(report.gaps.count, 'a dropped row is not reported again as a gap').toBe(0)
  })

  it('moves a late row into place and recounts the gap it fills', async () => {
    const path = file(`${header}${bar(0)}${bar(1)}${bar(3)}${bar(4)}${bar(2, 5)}${bar(5)}`)
    const { series, report } = await readBarsCsv(path, { policy: 'repair' })
    expect(brief(report.issues)).toEqual(['6 time out-of-order reordered'])
    expect(report.gaps.count, 'the hour-2 row fills the gap it seemed to leave').toBe(0)
    expect([...series.openTime].map((t) => new Date(t).getUTCHours())).toEqual([0, 1, 2, 3, 4, 5])
    expect(series.at(2).close).toBe(5)
    expect(series.at(2).knownAt).toBe(Date.UTC(2024, 0, 2, 3))
    expect(await validateBarsCsv(path, { policy: 'repair' })).toEqual(report)
  })

  it('drops a late row that repeats an earlier time, and keeps the first of repeated late rows', async () => {
    const path = file(`${header}${bar(0)}${bar(1)}${bar(4)}${bar(1, 9)}${bar(2, 7)}${bar(2, 8)}${bar(5)}2024-01-02T03:00Z,-1,1,1,1\n${bar(3, 6)}`)
    const { series, report } = await readBarsCsv(path, { policy: 'repair' })
    expect(brief(report.issues)).toEqual([
      '5 time duplicate-time dropped-row',
      '6 time out-of-order reordered',
      '7 time duplicate-time dropped-row',
      '9 open negative-price dropped-row',
      '10 time duplicate-time dropped-row',
    ])
    expect(report.issues.map((i) => i.message.replace(/ is out of order.*/, ''))).toEqual([
      '2024-01-02T01:00:00.000Z appears again (first on line 3)',
      '2024-01-02T02:00:00.000Z',
      '2024-01-02T02:00:00.000Z appears again (first on line 6)',
      'open -1 is negative',
      '2024-01-02T03:00:00.000Z appears again (first on line 9)',
    ])
    expect([...series.close]).toEqual([1, 1, 7, 1, 1])
    expect(report.gaps, 'hour 3 is owned by the dropped row on line 9: no gap').toEqual({ count: 0, missingBars: 0, largestMs: 0 })
    expect(await validateBarsCsv(path, { policy: 'repair' })).toEqual(report)
  })

  it('fixes the envelope of a late row once it knows the row is kept', async () => {
    const path = file(`${header}${bar(0)}${bar(2)}2024-01-02T01:00Z,1,0.5,1,1\n`)
    const { series, report } = await readBarsCsv(path, { policy: 'repair' })
    expect(brief(report.issues)).toEqual(['4 time out-of-order reordered', '4 high high-below-body fixed'])
    expect(series.at(1).high).toBe(1)
  })
})

describe('timestamps out of range', () => {
  it('are not timestamps', async () => {
    const path = file('time,open,high,low,close\n1704153600000,1,1,1,1\n1704153660000,1,1,1,1\n99999999999999999999,1,1,1,1\n')
    const { report } = await readBarsCsv(path, { policy: 'repair', dateFormat: 'epoch-ms' })
    expect(report.issues.map((i) => [i.line, i.field, i.code, i.message])).toEqual([[4, 'time', 'implausible-time', '99999999999999999999 is outside the plausible range of epoch-ms, 1971-01-01 to 2200-01-01']])
  })
})

describe('gaps', () => {
  it('are warnings, counted in bars of the interval', async () => {
    const { report } = await readBarsCsv(file('time,open,high,low,close\n2024-01-02T00:00Z,1,1,1,1\n2024-01-02T00:01Z,1,1,1,1\n2024-01-02T00:05Z,1,1,1,1\n2024-01-02T00:06Z,1,1,1,1\n2024-01-02T00:08Z,1,1,1,1\n'))
    expect(report.gaps).toEqual({ count: 2, missingBars: 4, largestMs: 4 * 60_000 })
    expect(report.issues.map((i) => [i.line, i.severity, i.message])).toEqual([
      [4, 'warning', '3 bars missing between 2024-01-02T00:01:00.000Z and 2024-01-02T00:05:00.000Z (interval 1m, continuous calendar)'],
      [6, 'warning', '1 bar missing between 2024-01-02T00:06:00.000Z and 2024-01-02T00:08:00.000Z (interval 1m, continuous calendar)'],
    ])
  })

  it('skip weekends for daily bars unless a bar falls on one, or the calendar says otherwise', async () => {
    const weekdays = file('date,open,high,low,close\n2024-01-04,1,1,1,1\n2024-01-05,1,1,1,1\n2024-01-08,1,1,1,1\n2024-01-10,1,1,1,1\n')
    expect((await readBarsCsv(weekdays)).report).toMatchObject({ calendar: 'weekdays', gaps: { count: 1, missingBars: 1 } })
    expect((await readBarsCsv(weekdays, { calendar: 'continuous' })).report).toMatchObject({ calendar: 'continuous', gaps: { count: 2, missingBars: 3 } })
    const crypto = file('date,open,high,low,close\n2024-01-05,1,1,1,1\n2024-01-06,1,1,1,1\n2024-01-08,1,1,1,1\n')
    expect((await readBarsCsv(crypto)).report, 'a Saturday bar: the market trades every day').toMatchObject({ calendar: '24x7', gaps: { count: 1, missingBars: 1 } })
  })

  it('can skip weekends for intraday bars when asked', async () => {
    const path = file('time,open,high,low,close\n2024-01-05T23:00Z,1,1,1,1\n2024-01-05T23:30Z,1,1,1,1\n2024-01-08T00:00Z,1,1,1,1\n2024-01-08T01:30Z,1,1,1,1\n')
    expect((await readBarsCsv(path)).report).toMatchObject({ calendar: 'continuous', gaps: { count: 2, missingBars: 96 + 2 } })
    expect((await readBarsCsv(path, { calendar: 'weekdays', interval: parseInterval('30m') })).report).toMatchObject({ calendar: 'weekdays', gaps: { count: 1, missingBars: 2 } })
  })
})

describe('the issue list', () => {
  it('stops at the cap but counts exactly', async () => {
    const bad = ISSUE_CAP + 5
    const rows = Array.from({ length: bad }, (_, i) => `${1_704_153_600 + i * 60},x,1,1,1`)
    const path = file(`time,open,high,low,close\n1704153540,1,1,1,1\n${rows.join('\n')}\n`)
    const report: IngestReport = await validateBarsCsv(path, { policy: 'repair', interval: parseInterval('1m') })
    expect(report.issues).toHaveLength(ISSUE_CAP)
    expect(report.issuesTruncated).toBe(true)
    expect(report.issueCounts).toEqual({ 'unparsable-number': bad })
    expect(report.issues.at(-1)!.line, 'in line order, the first ones kept').toBe(ISSUE_CAP + 2)
  })
})

describe('validation rules', () => {
  it('checks prices before volume, in column order', () => {
    expect(valueProblem(Float64Array.of(0, 1, NaN, -1, 1, -1, 0))).toMatchObject({ code: 'non-finite-price', role: 2 })
    expect(valueProblem(Float64Array.of(0, 0, 0, 0, 0, 0, 0)), 'zero is a price').toBeNull()
    expect(valueProblem(Float64Array.of(0, 1, 1, 1, 1, -0.5, 0))).toMatchObject({ code: 'negative-volume', message: 'volume -0.5 is negative' })
  })

  it('finds both wicks inside the body', () => {
    expect(envelopeProblems(10, 11, 9, 10.5)).toBe(0)
    expect(envelopeProblems(10, 9, 11, 10)).toBe(3)
    expect(envelopeProblems(10, 10, 10, 10)).toBe(0)
  })
})

describe('epoch times in a unit other than the file’s', () => {
  const MIXED = 'src/data/csv/fixtures/mixed-epoch-units.csv'

  it('are each reported under repair, with the unit they would fit, and dropped', async () => {
    const { series, report } = await readBarsCsv(MIXED, { policy: 'repair' })
    expect(report).toMatchObject({ timeFormat: 'epoch-s', interval: { label: '1m' }, rowsRead: 8, barsAccepted: 6 })
    expect(report.issues.filter((i) => i.severity === 'error').map((i) => [i.line, i.field, i.code, i.action, i.message])).toEqual([
      [4, 'time', 'implausible-time', 'dropped-row', '1704153720000 is outside the plausible range of epoch-s, 1971-01-01 to 2200-01-01 (as epoch-ms it is 2024-01-02T00:02:00.000Z)'],
      [6, 'time', 'implausible-time', 'dropped-row', '1704153840000000 is outside the plausible range of epoch-s, 1971-01-01 to 2200-01-01 (as epoch-us it is 2024-01-02T00:04:00.000Z)'],
    ])
    expect([report.firstOpenTime, report.lastOpenTime]).toEqual([Date.UTC(2024, 0, 2, 0, 0), Date.UTC(2024, 0, 2, 0, 7)])
    expect([...series.openTime].map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(['00:00', '00:01', '00:03', '00:05', '00:06', '00:07'])
    expect(report.gaps, 'the dropped rows leave their minutes empty').toMatchObject({ count: 2, missingBars: 2 })
  })

  it('fail a strict read at the first one, naming line and field', async () => {
    const error = await readBarsCsv(MIXED).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TradePulseError)
    expect(error).toMatchObject({ code: 'DATA_CSV_PARSE', location: { file: MIXED, line: 4, field: 'time' } })
    expect((error as TradePulseError).message).toBe(
      `${MIXED}:4: time: 1704153720000 is outside the plausible range of epoch-s, 1971-01-01 to 2200-01-01 (as epoch-ms it is 2024-01-02T00:02:00.000Z)`,
    )
  })

  it('are reported in a millisecond file too, and so are values no unit makes plausible', async () => {
    const path = file('time,open,high,low,close\n1704153600000,1,1,1,1\n1704153660,1,1,1,1\n1704153720000,1,1,1,1\n0,1,1,1,1\n99999999999999999999,1,1,1,1\n')
    const { report } = await readBarsCsv(path, { policy: 'repair' })
    expect(report.timeFormat).toBe('epoch-ms')
    expect(report.issues.filter((i) => i.severity === 'error').map((i) => [i.line, i.message])).toEqual([
      [3, '1704153660 is outside the plausible range of epoch-ms, 1971-01-01 to 2200-01-01 (as epoch-s it is 2024-01-02T00:01:00.000Z)'],
      [5, '0 is outside the plausible range of epoch-ms, 1971-01-01 to 2200-01-01'],
      [6, '99999999999999999999 is outside the plausible range of epoch-ms, 1971-01-01 to 2200-01-01'],
    ])
  })

  it('are flagged exactly where they are, whatever the file’s unit and wherever the strays fall', async () => {
    const units = ['s', 'ms', 'us', 'ns'] as const
    const write = (t: number, unit: (typeof units)[number]): string =>
      unit === 's' ? String(t / 1000) : unit === 'ms' ? String(t) : `${t}${unit === 'us' ? '000' : '000000'}`
    let n = 0
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...units),
        fc.integer({ min: Date.UTC(1971, 0, 1) / 60_000, max: Date.UTC(2199, 0, 1) / 60_000 }),
        fc.array(fc.option(fc.constantFrom(...units), { nil: undefined, freq: 3 }), { minLength: 6, maxLength: 30 }),
        async (unit, startMinute, strays) => {
          const lines = strays.map((stray, k) => `${write((startMinute + k) * 60_000, stray !== undefined && stray !== unit ? stray : unit)},1,1,1,1`)
          const expected = strays.flatMap((stray, k) => (stray !== undefined && stray !== unit ? [k + 2] : []))
          // The file's unit must be the majority for detection to find it; other samples are another property.
          fc.pre(expected.length * 2 < strays.length)
          const path = file(`time,open,high,low,close\n${lines.join('\n')}\n`)
          n++
          const { report } = await readBarsCsv(path, { policy: 'repair', interval: parseInterval('1m') })
          expect(report.timeFormat).toBe(`epoch-${unit}`)
          expect(report.issues.filter((i) => i.severity === 'error').map((i) => [i.line, i.code])).toEqual(expected.map((line) => [line, 'implausible-time']))
          expect(report.barsAccepted).toBe(strays.length - expected.length)
        },
      ),
      { numRuns: 150 },
    )
    expect(n).toBeGreaterThan(50)
  })

  it('hold also for a unit given explicitly', async () => {
    const { report } = await readBarsCsv(MIXED, { policy: 'repair', dateFormat: 'epoch-s' })
    expect(report.issueCounts['implausible-time']).toBe(2)
  })
})
