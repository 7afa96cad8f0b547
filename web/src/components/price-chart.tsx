/** A data set's bars as candles (`GET /api/v1/datasets/{id}/bars`), with more series in panes below. */
import type { JSX } from 'preact'
import { useMemo } from 'preact/hooks'
import type { Bars } from '../api.ts'
import { type SeriesSpec, TimeChart } from './chart.tsx'

export function barTimes(bars: Bars): number[] {
  return bars.time.map((t) => Date.parse(t))
}

export function PriceChart(props: {
  readonly name: string
  readonly bars: Bars
  readonly below?: readonly SeriesSpec[]
  readonly testId?: string
}): JSX.Element {
  const series = useMemo<SeriesSpec[]>(() => {
    const time = barTimes(props.bars)
    return [
      {
        kind: 'candles',
        title: props.name,
        time,
        open: props.bars.open,
        high: props.bars.high,
        low: props.bars.low,
        close: props.bars.close,
      },
      ...(props.below ?? []),
    ]
  }, [props.bars, props.below, props.name])
  const shown = props.bars.time.length
  return (
    <TimeChart
      label={`${props.name}: the last ${shown} of ${props.bars.total} bars, ${props.bars.time[0] ?? ''} to ${props.bars.time[shown - 1] ?? ''}`}
      series={series}
      {...(props.testId === undefined ? {} : { testId: props.testId })}
    />
  )
}
