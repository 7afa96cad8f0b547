/**
 * The `tradepulse` package entry: the domain types and the bar series. Readers, writers,
 * resampling and the simulator are in `tradepulse/data`.
 */
export type { Brand } from './domain/brand.ts'
export { assertNever } from './domain/assert-never.ts'
export {
  type Decimal,
  type Rounding,
  compareDecimal,
  decimalFromNumber,
  decimalToNumber,
  formatDecimal,
  parseDecimal,
  rescale,
} from './domain/decimal.ts'
export {
  ERROR_CODES,
  type ErrorCode,
  type ErrorLocation,
  TradePulseError,
  isTradePulseError,
} from './domain/errors.ts'
export {
  type CalendarName,
  type Closure,
  type TradingCalendar,
  CALENDAR_NAMES,
  tradingCalendar,
} from './domain/calendar/trading-calendar.ts'
export {
  type ClientOrderId,
  type OrderId,
  type RunId,
  type StrategyId,
  type TradeId,
  clientOrderId,
  orderId,
  runId,
  strategyId,
  tradeId,
} from './domain/ids.ts'
export {
  type AssetClass,
  type Instrument,
  type InstrumentId,
  type InstrumentSpec,
  type PriceTicks,
  type QuantityLots,
  defineInstrument,
  instrumentId,
  lotsToQuantity,
  notional,
  priceToTicks,
  quantityToLots,
  ticksToNumber,
  ticksToPrice,
} from './domain/instrument.ts'
export {
  type AggressorSide,
  type Bar,
  type Quote,
  type TradeTick,
  barKnownAt,
  midPrice,
} from './domain/market-data.ts'
export {
  type Currency,
  type Money,
  addMoney,
  compareMoney,
  currency,
  formatMoney,
  money,
  moneyOfUnits,
  moneyToNumber,
  multiplyByRate,
  negateMoney,
  subtractMoney,
  sumMoney,
  zero,
} from './domain/money.ts'
export {
  type DurationMillis,
  type Interval,
  type IntervalUnit,
  type UnixMillis,
  bucketStart,
  formatIso,
  intervalFromMillis,
  intervalOf,
  parseInterval,
  unixMillis,
} from './domain/time.ts'
export { type BarColumns, BarSeries } from './data/bar-series.ts'
export { BarSeriesBuilder } from './data/bar-series-builder.ts'
