/**
 * The transaction-cost and attribution sections of a backtest's report.html: the same sections
 * (tables and a chart each) as `tradepulse report tca|attribution`, computed from the run's own
 * records, handed to the backtest report as a `ReportExtension` because the backtest cannot
 * import analytics. `tradepulse backtest` and the API's backtest worker pass it to `writeRun`.
 */
import type { ReportExtension } from '../../backtest/report/render.ts'
import type { BacktestResult } from '../../backtest/result.ts'
import { runAttribution, runTransactionCosts } from '../run-analysis.ts'
import { ANALYTICS_PAGE_SCRIPT } from './page-script.ts'
import { attributionSection, tcaSection } from './render.ts'

export function analyticsReportExtension(result: BacktestResult): ReportExtension {
  const sections = [
    tcaSection(runTransactionCosts(result)),
    attributionSection(result, runAttribution(result)),
  ]
  return {
    html: sections.map((s) => s.html).join('\n'),
    dataElementId: 'analytics-data',
    data: { charts: sections.map((s) => s.chart) },
    script: ANALYTICS_PAGE_SCRIPT,
  }
}
