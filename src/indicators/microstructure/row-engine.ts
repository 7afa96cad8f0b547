/**
 * A row engine is an indicator's whole computation as one state machine fed a row at a time:
 * the batch face loops over it and the streaming face wraps it, so the two agree to the bit
 * without a second implementation of the math. The microstructure and composite indicators,
 * whose windows are recomputed per row (a regression, a histogram), are written this way.
 */
import type { InputColumns, InputName, InputRow, OutputColumns, OutputRow } from '../core/definition.ts'
import type { StreamingIndicator } from '../core/streaming.ts'

export type RowEngine<I extends InputName, O extends string> = StreamingIndicator<InputRow<I>, OutputRow<O>>

/** Runs `engine` over finite columns of one length, writing into `into` where given. */
export function batchFromEngine<I extends InputName, O extends string>(
  engine: RowEngine<I, O>,
  inputNames: readonly I[],
  outputNames: readonly O[],
  inputs: InputColumns<I>,
  into: Partial<OutputColumns<O>> = {},
): OutputColumns<O> {
  const length = inputs[inputNames[0]!].length
  const out = {} as OutputColumns<O>
  for (const name of outputNames) out[name] = into[name] ?? new Float64Array(length)
  const row = {} as Record<I, number>
  for (let i = 0; i < length; i++) {
    for (const name of inputNames) row[name] = inputs[name][i]!
    const result = engine.update(row)
    for (const name of outputNames) out[name][i] = result[name]
  }
  return out
}
