/**
 * `tradepulse/indicators`: every indicator by name (the registry), each one's batch function,
 * streaming class and definition, and the building blocks (the definition contract, FFT,
 * analytic signal, Kuramoto panel, Ollivier–Ricci curvature, exact transport). See
 * docs/indicators.md.
 */
export { smaParams, type SmaParams, Sma, smaIndicator, sma } from './classic/sma.ts'
export { emaParams, type EmaParams, Ema, emaIndicator, ema } from './classic/ema.ts'
export { wmaParams, type WmaParams, Wma, wmaIndicator, wma } from './classic/wma.ts'
export { demaParams, type DemaParams, Dema, demaIndicator, dema } from './classic/dema.ts'
export { temaParams, type TemaParams, Tema, temaIndicator, tema } from './classic/tema.ts'
export { rsiParams, type RsiParams, Rsi, rsiIndicator, rsi } from './classic/rsi.ts'
export {
  macdParams,
  type MacdParams,
  type MacdOutput,
  type MacdRow,
  type MacdColumns,
  Macd,
  macdIndicator,
  macd,
} from './classic/macd.ts'
export { rocParams, type RocParams, Roc, rocIndicator, roc } from './classic/roc.ts'
export {
  stochasticParams,
  type StochasticParams,
  type StochasticOutput,
  type StochasticRow,
  type StochasticColumns,
  Stochastic,
  stochasticIndicator,
  stochastic,
} from './classic/stochastic.ts'
export { cciParams, type CciParams, Cci, cciIndicator, cci } from './classic/cci.ts'
export {
  adxParams,
  type AdxParams,
  type AdxOutput,
  type AdxRow,
  type AdxColumns,
  Adx,
  adxIndicator,
  adx,
} from './classic/adx.ts'
export { obvParams, type ObvParams, Obv, obvIndicator, obv } from './classic/obv.ts'
export {
  rollingStdParams,
  type RollingStdParams,
  RollingStd,
  rollingStdIndicator,
  rollingStd,
} from './classic/rolling-std.ts'
export { zscoreParams, type ZscoreParams, Zscore, zscoreIndicator, zscore } from './classic/zscore.ts'
export { returnsParams, type ReturnsParams, Returns, returnsIndicator, returns } from './classic/returns.ts'
export {
  logReturnsParams,
  type LogReturnsParams,
  LogReturns,
  logReturnsIndicator,
  logReturns,
} from './classic/log-returns.ts'
export {
  realisedVolatilityParams,
  type RealisedVolatilityParams,
  RealisedVolatility,
  realisedVolatilityIndicator,
  realisedVolatility,
} from './classic/realised-volatility.ts'
export {
  bollingerParams,
  type BollingerParams,
  type BollingerOutput,
  BOLLINGER_OUTPUTS,
  Bollinger,
  bollingerIndicator,
  bollinger,
} from './classic/bollinger.ts'
export { atrParams, type AtrParams, Atr, atrIndicator, atr } from './classic/atr.ts'
export {
  keltnerParams,
  type KeltnerParams,
  type KeltnerOutput,
  KELTNER_OUTPUTS,
  Keltner,
  keltnerIndicator,
  keltner,
} from './classic/keltner.ts'
export {
  donchianParams,
  type DonchianParams,
  type DonchianOutput,
  DONCHIAN_OUTPUTS,
  Donchian,
  donchianIndicator,
  donchian,
} from './classic/donchian.ts'
export {
  vwapRollingParams,
  type VwapRollingParams,
  VwapRolling,
  vwapRollingIndicator,
  vwapRolling,
} from './classic/vwap-rolling.ts'
export {
  vwapSessionParams,
  type VwapSessionParams,
  VwapSession,
  vwapSessionIndicator,
  vwapSession,
} from './classic/vwap-session.ts'
export {
  correlationParams,
  type CorrelationParams,
  Correlation,
  correlationIndicator,
  correlation,
} from './classic/correlation.ts'
export { betaParams, type BetaParams, Beta, betaIndicator, beta } from './classic/beta.ts'
export {
  phaseParams,
  type PhaseParams,
  type PhaseColumns,
  Phase,
  phaseIndicator,
  phase,
} from './geometric/phase.ts'
export {
  multiscaleKuramotoParams,
  type MultiscaleKuramotoParams,
  type MultiscaleKuramotoOutput,
  type MultiscaleKuramotoColumns,
  MultiscaleKuramoto,
  multiscaleKuramotoIndicator,
  multiscaleKuramoto,
} from './geometric/multiscale-kuramoto.ts'
export {
  ricciParams,
  type RicciParams,
  type RicciOutput,
  type RicciRow,
  type RicciColumns,
  Ricci,
  ricciIndicator,
  ricci,
} from './geometric/ricci.ts'
export {
  entropyParams,
  type EntropyParams,
  logReturnSeries,
  Entropy,
  entropyIndicator,
  entropy,
} from './geometric/entropy.ts'
export {
  deltaEntropyParams,
  type DeltaEntropyParams,
  DeltaEntropy,
  deltaEntropyIndicator,
  deltaEntropy,
} from './geometric/delta-entropy.ts'
export {
  type HurstMethod,
  hurstParams,
  type HurstParams,
  Hurst,
  hurstIndicator,
  hurst,
} from './geometric/hurst.ts'
export { vpinParams, type VpinParams, Vpin, vpinIndicator, vpin } from './geometric/vpin.ts'
export { cumulativeVolumeDeltaIndicator } from './microstructure/cumulative-volume-delta.ts'
export { tradeImbalanceIndicator } from './microstructure/trade-imbalance.ts'
export { orderAggressionIndicator, spreadPosition } from './microstructure/order-aggression.ts'
export { queueImbalanceIndicator } from './microstructure/queue-imbalance.ts'
export { kyleLambdaIndicator } from './microstructure/kyle-lambda.ts'
export { hasbrouckImpulseIndicator } from './microstructure/hasbrouck-impulse.ts'
export { volumeProfileIndicator } from './microstructure/volume-profile.ts'
export { directionIndexIndicator, skewness } from './geometric/direction-index.ts'
export { ismIndicator } from './geometric/ism.ts'
export {
  marketPhaseParams,
  type MarketPhaseParams,
  MarketPhase,
  marketPhaseIndicator,
  marketPhase,
} from './geometric/market-phase.ts'
export {
  type KuramotoColumns,
  type KuramotoParams,
  KuramotoStream,
  kuramotoFromPrices,
  kuramotoOrder,
  kuramotoPanel,
} from './geometric/kuramoto.ts'
export {
  type MarketPhaseLabel,
  type PhaseMeasurements,
  type PhaseReading,
  type PhaseThresholds,
  DEFAULT_PHASE_THRESHOLDS,
  MARKET_PHASES,
  classifyMarketPhase,
} from './geometric/market-phase-rules.ts'
export { type ComplexSeries, analyticSignal, detrend, phaseFullSeries } from './geometric/analytic-signal.ts'
export { type FftPlan, fft, fftPlan, ifft } from './geometric/fft.ts'
export {
  type WeightedAdjacency,
  type RicciEdge,
  ollivierRicci,
  ollivierRicciEdges,
} from './geometric/ollivier-ricci.ts'
export { wasserstein1 } from './geometric/transport.ts'
export { erf, erfc, normalCdf } from './geometric/normal-cdf.ts'
export {
  type AnyIndicator,
  type Indicator,
  type IndicatorCategory,
  type IndicatorKernel,
  type InputColumns,
  type BarInputName,
  type InputName,
  type InputRow,
  type OrderFlowInputName,
  BAR_INPUT_NAMES,
  ORDER_FLOW_INPUT_NAMES,
  type OutputColumns,
  type OutputRow,
  defineIndicator,
} from './core/definition.ts'
export {
  type ParamSchema,
  describeParams,
  numberParam,
  parseParams,
  positiveParam,
  windowParam,
} from './core/params.ts'
export { RingBuffer } from './core/ring-buffer.ts'
export { type StreamingIndicator } from './core/streaming.ts'
export {
  type IndicatorRegistry,
  type IndicatorSource,
  BUILTIN_REGISTRY,
  BUILTIN_SOURCE,
  INDICATORS,
  createIndicatorRegistry,
  findIndicator,
  getIndicator,
  indicatorNames,
} from './registry.ts'
export { checkIndicatorDefinition } from './core/check-definition.ts'
export {
  PRICE_FIELDS,
  type PriceField,
  type SeriesInputOptions,
  type SeriesInputs,
  inputsFor,
  inputsFromSeries,
} from './series-inputs.ts'
export {
  type ClassifiedVolume,
  type VolumeClassification,
  VOLUME_CLASSIFICATIONS,
  classifyVolume,
} from './microstructure/volume-classification.ts'
