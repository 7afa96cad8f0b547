/**
 * A line chart drawn with Braille characters: each character cell holds 2×4 dots, so an 72×12
 * cell chart shows 144 columns × 48 rows of resolution, enough to see 2008 and March 2020 in
 * twenty years of daily closes. Each dot column spans the min..max of the values that fall in it,
 * so spikes are never averaged away.
 */
const BRAILLE_BASE = 0x2800
// Dot bit for (column 0|1, row 0..3 from the top) in a Braille cell.
const DOT_BITS = [
  [0x01, 0x08],
  [0x02, 0x10],
  [0x04, 0x20],
  [0x40, 0x80],
] as const

export interface ChartOptions {
  readonly width?: number
  readonly height?: number
  readonly title?: string
  readonly formatY?: (value: number) => string
  readonly xLabels?: readonly [string, string]
}

export function renderLineChart(values: ArrayLike<number>, options: ChartOptions = {}): string {
  const width = options.width ?? 72
  const height = options.height ?? 12
  const formatY = options.formatY ?? ((v: number): string => v.toFixed(2))
  const dotsX = width * 2
  const dotsY = height * 4
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (Number.isFinite(v)) {
      if (v < min) min = v
      if (v > max) max = v
    }
  }
  if (!Number.isFinite(min))
    return options.title === undefined ? '(no data)\n' : `${options.title}\n(no data)\n`
  const range = max - min || 1
  const cells = new Uint8Array(width * height)
  const level = (v: number): number => Math.round(((v - min) / range) * (dotsY - 1))
  for (let x = 0; x < dotsX; x++) {
    const from = Math.floor((x * values.length) / dotsX)
    const to = Math.max(from + 1, Math.floor(((x + 1) * values.length) / dotsX))
    let lo = Infinity
    let hi = -Infinity
    for (let i = from; i < to && i < values.length; i++) {
      const v = values[i]!
      if (!Number.isFinite(v)) continue
      if (v < lo) lo = v
      if (v > hi) hi = v
    }
    if (!Number.isFinite(lo)) continue
    for (let y = level(lo); y <= level(hi); y++) {
      const row = dotsY - 1 - y
      const cell = Math.floor(row / 4) * width + Math.floor(x / 2)
      cells[cell] = cells[cell]! | DOT_BITS[row % 4]![x % 2]!
    }
  }
  const top = formatY(max)
  const bottom = formatY(min)
  const gutter = Math.max(top.length, bottom.length)
  const lines: string[] = []
  if (options.title !== undefined) lines.push(options.title)
  for (let r = 0; r < height; r++) {
    const label = r === 0 ? top : r === height - 1 ? bottom : ''
    let line = `${label.padStart(gutter)} ┤`
    for (let c = 0; c < width; c++) line += String.fromCharCode(BRAILLE_BASE + cells[r * width + c]!)
    lines.push(line)
  }
  if (options.xLabels !== undefined) {
    const [left, right] = options.xLabels
    const pad = Math.max(1, width - left.length - right.length)
    lines.push(`${' '.repeat(gutter + 2)}${left}${' '.repeat(pad)}${right}`)
  }
  return `${lines.join('\n')}\n`
}
