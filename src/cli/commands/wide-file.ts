/**
 * What `data validate` and `data info` do with a wide file: the same reading as for a bar file,
 * reported per symbol. The commands detect the file and hand it over here.
 */
import { summarizeSeries } from '../../data/summary.ts'
import { readUniverseCsv, validateUniverseCsv } from '../../data/wide/read-universe.ts'
import { type CliIo, writeJson, writeLine } from '../io.ts'
import { withProgress } from '../progress.ts'
import { formatUniverseReport, formatUniverseSummary, universeTime } from '../universe-format.ts'
import { type WideFlags, universeOptionsFrom } from '../wide-input.ts'

/**
 * Validates a wide file, prints its report (text or JSON) and returns the number of problems
 * (error-severity issues), which strict turns into a failure.
 */
export async function validateWideFile(
  io: CliIo,
  file: string,
  flags: WideFlags & { readonly json: boolean },
  maxIssues: number,
): Promise<number> {
  // Scan the whole file in repair mode so every problem is listed, then judge by the policy asked for.
  const report = await withProgress(io, 'validating', 'bytes', (onProgress) =>
    validateUniverseCsv(file, { ...universeOptionsFrom(flags), policy: 'repair', onProgress }),
  )
  const problems = Object.entries(report.issueCounts)
    .filter(([code]) => code !== 'gap')
    .reduce((sum, [, n]) => sum + n, 0)
  if (flags.json) {
    writeJson(io.stdout, {
      policy: flags.policy,
      ok: flags.policy === 'repair' || problems === 0,
      wide: true,
      ...report,
    })
    return problems
  }
  for (const line of formatUniverseReport(report, maxIssues)) writeLine(io.stdout, line)
  if (problems === 0) writeLine(io.stdout, 'OK: no problems found')
  else if (flags.policy === 'repair')
    writeLine(io.stdout, `OK under repair: ${problems} problem(s) fixed or dropped as listed`)
  return problems
}

/** Summarises each symbol of a wide file. */
export async function describeWideFile(
  io: CliIo,
  file: string,
  flags: WideFlags & { readonly json: boolean },
): Promise<void> {
  const { universe, report } = await withProgress(io, 'reading', 'bytes', (onProgress) =>
    readUniverseCsv(file, { ...universeOptionsFrom(flags), onProgress }),
  )
  const summaries = universe.map((member) =>
    member.series.length === 0 ? null : summarizeSeries(member.series, { calendar: report.calendar }),
  )
  if (!flags.json) {
    for (const line of formatUniverseSummary(report, summaries)) writeLine(io.stdout, line)
    return
  }
  writeJson(io.stdout, {
    file,
    format: 'csv',
    wide: true,
    interval: report.interval.label,
    calendar: report.calendar,
    rows: report.rowsAccepted,
    first: universeTime(report, report.firstOpenTime),
    last: universeTime(report, report.lastOpenTime),
    gaps: report.gaps,
    symbols: report.symbols.map((symbol, i) => {
      const summary = summaries[i] ?? null
      return {
        symbol: symbol.symbol,
        values: symbol.values,
        first: symbol.firstOpenTime === null ? null : universeTime(report, symbol.firstOpenTime),
        last: symbol.lastOpenTime === null ? null : universeTime(report, symbol.lastOpenTime),
        listedLate: symbol.listedLate,
        delistedEarly: symbol.delistedEarly,
        gaps: symbol.gaps.count,
        missingBars: symbol.gaps.missingBars,
        problems: symbol.problems,
        lastClose: summary?.lastClose ?? null,
        totalReturn: summary?.totalReturn ?? null,
        annualisedVolatility: summary?.annualisedVolatility ?? null,
        maxDrawdown: summary?.maxDrawdown ?? null,
      }
    }),
  })
}
