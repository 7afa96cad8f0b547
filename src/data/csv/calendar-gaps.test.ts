import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readBarsCsv, validateBarsCsv } from './index.ts'

const work = mkdtempSync(join(tmpdir(), 'tradepulse-csv-calendar-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

function file(name: string, dates: readonly string[]): string {
  const path = join(work, name)
  writeFileSync(path, ['date,open,high,low,close', ...dates.map((d) => `${d},1,1,1,1`)].join('\n'))
  return path
}

// Easter week 2024: Good Friday 29 March is an NYSE holiday; Wednesday 3 April is missing.
const EASTER_WEEK = ['2024-03-27', '2024-03-28', '2024-04-01', '2024-04-02', '2024-04-04']

describe('gaps on an exchange calendar', () => {
  it('skips NYSE holidays and reports the other missing weekdays with the calendar named', async () => {
    const { report } = await readBarsCsv(file('easter.csv', EASTER_WEEK), { calendar: 'nyse' })
    expect(report).toMatchObject({ calendar: 'nyse', gaps: { count: 1, missingBars: 1, largestMs: 2 * 86_400_000 } })
    expect(report.issues.map((i) => [i.line, i.code, i.message])).toEqual([
      [6, 'gap', '1 bar missing between 2024-04-02 and 2024-04-04 (interval 1d, nyse calendar)'],
    ])
  })

  it('counts Good Friday as missing on the weekday calendar', async () => {
    const report = await validateBarsCsv(file('easter-weekdays.csv', EASTER_WEEK), { calendar: 'weekdays' })
    expect(report).toMatchObject({ calendar: 'weekdays', gaps: { count: 2, missingBars: 2 } })
  })

  it('counts the same on a descending file', async () => {
    const { report } = await readBarsCsv(file('easter-descending.csv', [...EASTER_WEEK].reverse()), { calendar: 'nyse' })
    expect(report).toMatchObject({ order: 'descending', calendar: 'nyse', gaps: { count: 1, missingBars: 1 } })
  })

  it('infers nyse when the missing weekdays are its holidays, and tells a Thanksgiving gap from a Wednesday one', async () => {
    const november = ['2024-11-25', '2024-11-26', '2024-11-27', '2024-11-29', '2024-12-02', '2024-12-03']
    expect((await readBarsCsv(file('thanksgiving.csv', november))).report).toMatchObject({ calendar: 'nyse', gaps: { count: 0 } })
    const wednesday = ['2024-11-25', '2024-11-26', '2024-11-28', '2024-11-29', '2024-12-02']
    expect((await readBarsCsv(file('wednesday.csv', wednesday))).report).toMatchObject({ calendar: 'weekdays', gaps: { count: 1 } })
  })
})
