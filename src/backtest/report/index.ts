export {
  type ChartMarker,
  type ChartPoint,
  type InstrumentChart,
  type ReportChartData,
  reportChartData,
} from './chart-data.ts'
export { type MonthlyReturn, type YearRow, monthlyReturns, yearRows } from './monthly-returns.ts'
export { type ReportExtension, renderReport } from './render.ts'
