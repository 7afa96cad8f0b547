import { describe, expect, it } from 'vitest'
import { EXIT_OK } from './main.ts'
import { runCaptured } from './testing/capture-io.ts'

const SP500 = 'data/sp500-2000.csv'

interface GapReport {
  readonly calendar: string
  readonly gaps: { readonly count: number; readonly missingBars: number }
  readonly issueCounts: Record<string, number>
}

describe('--calendar', () => {
  it('validates the bundled S&P 500 file with zero gaps on the NYSE calendar', async () => {
    const run = await runCaptured(['data', 'validate', SP500, '--calendar', 'nyse'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(EXIT_OK)
    expect(run.stdout).toContain('  gaps: none')
    expect(run.stdout).toContain('  issues: none')
    const json = JSON.parse(
      (await runCaptured(['data', 'validate', SP500, '--calendar', 'nyse', '--json'])).stdout,
    ) as GapReport
    expect([json.calendar, json.gaps.count, json.issueCounts]).toEqual(['nyse', 0, {}])
  })

  it('infers the NYSE calendar for the S&P 500 file, and counts its 185 holiday gaps on weekdays when asked', async () => {
    const inferred = JSON.parse(
      (await runCaptured(['data', 'validate', SP500, '--json'])).stdout,
    ) as GapReport
    expect([inferred.calendar, inferred.gaps.count]).toEqual(['nyse', 0])
    const weekdays = JSON.parse(
      (await runCaptured(['data', 'validate', SP500, '--calendar', 'weekdays', '--json'])).stdout,
    ) as GapReport
    expect([weekdays.calendar, weekdays.gaps.count, weekdays.gaps.missingBars]).toEqual([
      'weekdays',
      185,
      190,
    ])
  })

  it('takes nasdaq as the same days as nyse', async () => {
    const run = JSON.parse(
      (await runCaptured(['data', 'validate', SP500, '--calendar', 'nasdaq', '--json'])).stdout,
    ) as GapReport
    expect([run.calendar, run.gaps.count]).toEqual(['nasdaq', 0])
  })

  it('is honoured by data info, which summarised on its own inferred calendar before', async () => {
    const info = async (
      ...extra: string[]
    ): Promise<{ calendar: string; gaps: number; missingBars: number }> =>
      JSON.parse((await runCaptured(['data', 'info', SP500, '--json', ...extra])).stdout) as {
        calendar: string
        gaps: number
        missingBars: number
      }
    expect(await info()).toMatchObject({ calendar: 'nyse', gaps: 0, missingBars: 0 })
    expect(await info('--calendar', 'weekdays')).toMatchObject({
      calendar: 'weekdays',
      gaps: 185,
      missingBars: 190,
    })
    expect(await info('--calendar', 'continuous')).toMatchObject({
      calendar: 'continuous',
      gaps: 1109,
      missingBars: 2306,
    })
    const text = await runCaptured(['data', 'info', SP500, '--no-chart'])
    expect(text.stdout).toContain('  gaps (nyse calendar): none')
  })

  it('refuses a calendar it does not know, listing the ones it does', async () => {
    const run = await runCaptured(['data', 'validate', SP500, '--calendar', 'lse'])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      "argument 'lse' is invalid. Allowed choices are auto, nyse, nasdaq, weekdays, 24x7, continuous.",
    )
  })
})
