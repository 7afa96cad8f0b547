import { TradePulseError } from '../../domain/errors.ts'

/** The error for an unusable argument of an overfitting statistic, naming the argument. */
export function invalidInput(argument: string, message: string): TradePulseError {
  return new TradePulseError('RESEARCH_INVALID_INPUT', message, { field: argument })
}
