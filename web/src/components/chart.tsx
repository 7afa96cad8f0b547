/**
 * Time series charts with lightweight-charts (the library the HTML backtest report uses), bundled,
 * never from a CDN. One chart holds panes: the price (candles or a line) in the first, anything
 * drawn `pane: n` below it, each pane with its own scale. Times are UTC seconds; a null value is a
 * gap (indicator warm-up). The chart is a picture for sighted users: the figure's label and the
 * tables beside it carry the same facts for everyone else.
 */
import {
  CandlestickSeries,
  ColorType,
  HistogramSeries,
  type IChartApi,
  LineSeries,
  type Time,
  type UTCTimestamp,
  createChart,
} from 'lightweight-charts'
import type { JSX } from 'preact'
import { useEffect, useRef } from 'preact/hooks'

export interface LineSpec {
  readonly kind: 'line'
  readonly title: string
  readonly time: readonly number[]
  readonly values: readonly (number | null)[]
  readonly color: string
  readonly pane?: number
}

export interface CandleSpec {
  readonly kind: 'candles'
  readonly title: string
  readonly time: readonly number[]
  readonly open: readonly number[]
  readonly high: readonly number[]
  readonly low: readonly number[]
  readonly close: readonly number[]
}

export interface BarSpec {
  readonly kind: 'histogram'
  readonly title: string
  readonly time: readonly number[]
  readonly values: readonly (number | null)[]
  /** One colour per point, or one for all. */
  readonly colors: string | readonly string[]
  readonly pane?: number
}

export type SeriesSpec = LineSpec | CandleSpec | BarSpec

const seconds = (ms: number): UTCTimestamp => Math.floor(ms / 1000) as UTCTimestamp

/** Points with strictly increasing times, as the library requires; the later of two equal times wins. */
function points<T extends { time: Time }>(time: readonly number[], make: (i: number, t: Time) => T): T[] {
  const out: T[] = []
  for (let i = 0; i < time.length; i++) {
    const t = seconds(time[i]!)
    const point = make(i, t)
    if (out.length > 0 && (out[out.length - 1]!.time as number) >= t) out[out.length - 1] = point
    else out.push(point)
  }
  return out
}

export function TimeChart(props: {
  readonly label: string
  readonly series: readonly SeriesSpec[]
  readonly size?: 'short' | 'tall'
  readonly testId?: string
}): JSX.Element {
  const host = useRef<HTMLDivElement>(null)
  const chart = useRef<IChartApi | undefined>(undefined)
  useEffect(() => {
    const element = host.current
    if (element === null) return
    const instance = createChart(element, {
      autoSize: true,
      layout: {
        attributionLogo: false,
        background: { type: ColorType.Solid, color: '#ffffff' },
        textColor: '#1f2933',
        fontSize: 12,
      },
      grid: { vertLines: { color: '#eef1f4' }, horzLines: { color: '#eef1f4' } },
      // A bar may be narrower than a pixel, so that fitContent shows twenty years of days at once.
      timeScale: { timeVisible: true, borderColor: '#c8ced6', minBarSpacing: 0.01 },
      rightPriceScale: { borderColor: '#c8ced6' },
    })
    chart.current = instance
    return () => {
      instance.remove()
      chart.current = undefined
    }
  }, [])
  useEffect(() => {
    const instance = chart.current
    if (instance === undefined) return
    const added = props.series.map((spec) => {
      switch (spec.kind) {
        case 'candles': {
          const series = instance.addSeries(CandlestickSeries, {
            title: spec.title,
            upColor: '#1a7f37',
            downColor: '#c62828',
            wickUpColor: '#1a7f37',
            wickDownColor: '#c62828',
            borderVisible: false,
          })
          series.setData(
            points(spec.time, (i, time) => ({
              time,
              open: spec.open[i]!,
              high: spec.high[i]!,
              low: spec.low[i]!,
              close: spec.close[i]!,
            })),
          )
          return series
        }
        case 'line': {
          const series = instance.addSeries(
            LineSeries,
            { title: spec.title, color: spec.color, lineWidth: 2, priceLineVisible: false },
            spec.pane ?? 0,
          )
          series.setData(
            points(spec.time, (i, time) => {
              const value = spec.values[i]
              return value === null || value === undefined || !Number.isFinite(value)
                ? { time }
                : { time, value }
            }),
          )
          return series
        }
        case 'histogram': {
          const series = instance.addSeries(
            HistogramSeries,
            { title: spec.title, priceLineVisible: false },
            spec.pane ?? 0,
          )
          series.setData(
            points(spec.time, (i, time) => {
              const value = spec.values[i]
              const color = typeof spec.colors === 'string' ? spec.colors : (spec.colors[i] ?? '#888888')
              return value === null || value === undefined || !Number.isFinite(value)
                ? { time }
                : { time, value, color }
            }),
          )
          return series
        }
        default:
          return assertNever(spec)
      }
    })
    instance.timeScale().fitContent()
    return () => {
      // On unmount the chart (and its series) went with the first effect's cleanup.
      if (chart.current === instance) for (const series of added) instance.removeSeries(series)
    }
  }, [props.series])
  return (
    <figure class="chart" data-testid={props.testId}>
      <div
        ref={host}
        class={`chart-canvas ${props.size ?? 'tall'}`}
        role="img"
        aria-label={props.label}
        data-points={props.series.reduce((n, s) => n + s.time.length, 0)}
      />
      <figcaption>{props.label}</figcaption>
    </figure>
  )
}

function assertNever(value: never): never {
  throw new Error(`unexpected series ${JSON.stringify(value)}`)
}
