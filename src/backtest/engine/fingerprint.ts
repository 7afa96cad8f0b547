/**
 * The fingerprint of the bars a run used: sha256 over the float64 columns openTime, open, high,
 * low, close and volume, in that order, each as little-endian bytes. Two runs with the same
 * fingerprint read the same numbers, whatever file or generator they came from.
 */
import { createHash } from 'node:crypto'
import type { BarSeries } from '../../data/bar-series.ts'

const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f

export function barsFingerprint(series: BarSeries): string {
  const hash = createHash('sha256')
  for (const column of [series.openTime, series.open, series.high, series.low, series.close, series.volume]) {
    if (LITTLE_ENDIAN) {
      hash.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength))
      continue
    }
    const bytes = new DataView(new ArrayBuffer(column.byteLength))
    for (let i = 0; i < column.length; i++) bytes.setFloat64(i * 8, column[i]!, true)
    hash.update(new Uint8Array(bytes.buffer))
  }
  return hash.digest('hex')
}
