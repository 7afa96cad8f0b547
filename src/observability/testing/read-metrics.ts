/**
 * Reads values back from a registry, for tests: what a scrape would show, without the text format.
 */
import type { TradePulseMetrics } from '../metrics.ts'

export interface Sample {
  readonly labels: Readonly<Record<string, string | number>>
  readonly value: number
  /** Set for the `_bucket`, `_sum` and `_count` samples of a histogram. */
  readonly metricName?: string
}

/** Every sample of one metric, in the order prom-client keeps them; throws for a name not registered. */
export async function samples(metrics: TradePulseMetrics, name: string): Promise<Sample[]> {
  const metric = metrics.registry.getSingleMetric(name)
  if (metric === undefined) throw new RangeError(`no metric ${name} in the registry`)
  // prom-client's own type leaves out the `metricName` it sets on histogram samples.
  const { values } = (await metric.get()) as {
    values: { labels: Record<string, string | number | undefined>; value: number; metricName?: string }[]
  }
  return values.map((v) => {
    const labels: Record<string, string | number> = {}
    for (const [key, value] of Object.entries(v.labels)) if (value !== undefined) labels[key] = value
    return v.metricName === undefined
      ? { labels, value: v.value }
      : { labels, value: v.value, metricName: v.metricName }
  })
}

/** The value of the one sample whose labels are exactly `labels`; undefined when there is none. */
export async function sample(
  metrics: TradePulseMetrics,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): Promise<number | undefined> {
  const wanted = JSON.stringify(Object.entries(labels).sort())
  const found = (await samples(metrics, name)).find(
    (s) => s.metricName === undefined && JSON.stringify(Object.entries(s.labels).sort()) === wanted,
  )
  return found?.value
}
