export { type AttributionBucket, type AttributionReport, attribute } from './attribution/attribution.ts'
export { allocateUnits } from './attribution/allocate.ts'
export { type ExposureReport, exposureBreakdown, hedgeEffectiveness } from './attribution/exposure.ts'
export { type PhaseTimeline, phaseTimeline } from './attribution/phase-timeline.ts'
export { annualisedVolatility, beta, correlationMatrix, covarianceMatrix } from './risk/dependence.ts'
export { historicalScenario, priceShockScenario, volatilityShockScenario } from './risk/stress.ts'
export {
  type VarFigure,
  cornishFisherVar,
  historicalVar,
  normalVar,
  parametricVar,
  varTable,
} from './risk/value-at-risk.ts'
export { type TcaReport, transactionCosts } from './tca/tca.ts'
export { runAttribution, runPositions, runRisk, runTransactionCosts } from './run-analysis.ts'
export { attributionSection, renderAnalyticsReport, riskSection, tcaSection } from './report/render.ts'
export { type BookSnapshot, liquidityProfile, walkBook } from './liquidity/book-walk.ts'
export { fitSquareRootImpact, forecastImpact } from './liquidity/square-root-impact.ts'
export {
  type FillImpactObservation,
  type ImpactBars,
  type ImpactCalibration,
  calibrateImpact,
  volatilityBefore,
} from './liquidity/run-impact.ts'
export { type JournalResultOptions, resultFromJournal } from './journal-result.ts'
export { analyticsReportExtension } from './report/backtest-sections.ts'
