/**
 * Adapters from the typed streaming classes (`Sma.update(x: number): number`) to the row
 * interface the registry speaks, so each indicator writes its math once.
 */
import type { InputName, InputRow, OutputRow } from './definition.ts'
import type { StreamingIndicator } from './streaming.ts'

/** A number → number stream reading one input column and writing the output `value`. */
export function valueStream<I extends InputName>(
  input: I,
  inner: StreamingIndicator<number, number>,
): StreamingIndicator<InputRow<I>, OutputRow<'value'>> {
  const out = { value: Number.NaN }
  return {
    update(row: InputRow<I>): OutputRow<'value'> {
      out.value = inner.update(row[input])
      return out
    },
    reset(): void {
      inner.reset()
    },
  }
}

/** A stream that reads whole rows (several inputs) and returns one number, as output `value`. */
export function rowValueStream<I extends InputName>(
  inner: StreamingIndicator<InputRow<I>, number>,
): StreamingIndicator<InputRow<I>, OutputRow<'value'>> {
  const out = { value: Number.NaN }
  return {
    update(row: InputRow<I>): OutputRow<'value'> {
      out.value = inner.update(row)
      return out
    },
    reset(): void {
      inner.reset()
    },
  }
}

/** A stream whose update already returns a row of outputs, reading its inputs from the row. */
export function rowStream<I extends InputName, O extends string, T>(
  inner: StreamingIndicator<T, OutputRow<O>>,
  pick: (row: InputRow<I>) => T,
): StreamingIndicator<InputRow<I>, OutputRow<O>> {
  return {
    update: (row: InputRow<I>): OutputRow<O> => inner.update(pick(row)),
    reset: (): void => {
      inner.reset()
    },
  }
}
