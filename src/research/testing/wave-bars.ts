/**
 * Daily bars of a slow wave on a drift, from 2020-01-01: crossovers of every length happen in it,
 * so sweeps and walk-forward runs over it trade. The sweep, walk-forward and queue tests and the
 * GameDay's Redis scenario share it.
 */
import { writeFileSync } from 'node:fs'

/** Writes `bars` bars as CSV to `path` and returns `path`. */
export function writeWaveBars(path: string, bars = 300): string {
  const lines = ['date,open,high,low,close,volume']
  let previous = 100
  for (let i = 0; i < bars; i++) {
    const close = Math.round((100 + 12 * Math.sin(i / 17) + 4 * Math.sin(i / 5) + 0.05 * i) * 100) / 100
    const day = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)
    const high = Math.max(previous, close) + 0.5
    const low = Math.min(previous, close) - 0.5
    lines.push(`${day},${previous},${high.toFixed(2)},${low.toFixed(2)},${close},100000`)
    previous = close
  }
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}
