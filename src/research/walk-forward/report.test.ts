import { describe, expect, it } from 'vitest'
import { instrumentForSeries } from '../../backtest/engine/instruments.ts'
import { simulateUniverse } from '../../data/simulator/universe.ts'
import { parseInterval } from '../../domain/time.ts'
import { escapeHtml } from '../../backtest/report/html-text.ts'
import { maCrossover } from '../../strategy/builtin/ma-crossover.ts'
import { renderWalkForwardReport } from './report.ts'
import { runWalkForward } from './run-walk-forward.ts'

const universe = simulateUniverse({ assets: 1, bars: 400, seed: 9, interval: parseInterval('1d') })
const series = universe.series[0]!
const outcome = await runWalkForward({
  strategy: maCrossover,
  space: { fast: { int: [3, 9], step: 3 }, slow: { int: [12, 24], step: 12 } },
  search: { kind: 'grid' },
  data: [{ instrument: instrumentForSeries('SIM', series), series, source: 'sim' }],
  windows: { train: { bars: 200 }, test: { bars: 100 } },
  workers: 0,
})
const description = {
  strategy: '<b>ma</b>',
  windows: 'rolling, train 200 bars, test 100 bars, step 100 bars',
  search: 'grid search',
  spec: { note: '</script><script>alert(1)</script>' },
}

describe('renderWalkForwardReport', () => {
  const html = renderWalkForwardReport(outcome, description)

  it('holds the stitched equity, the pairs, the windows, the DSR and the metrics', () => {
    for (const id of ['equity', 'drawdown', 'in-vs-out', 'windows', 'deflated-sharpe', 'metrics', 'config'])
      expect(html).toContain(`<section id="${id}">`)
    expect(html.match(/<tr><th scope="row">\d+<\/th>/g)).toHaveLength(2 * outcome.windows.length)
    expect(html).toContain(escapeHtml(outcome.deflatedSharpe!.verdict))
    expect(html).toContain('<div class="chart" id="chart-equity"></div>')
  })

  it('is self-contained and escapes what it was given', () => {
    expect(html).not.toMatch(/<script[^>]+src=/)
    expect(html).not.toMatch(/https?:\/\/[^"'\s]*\.js/)
    expect(html).toContain('window.LightweightCharts')
    expect(html).toContain('&lt;b&gt;ma&lt;/b&gt; — walk-forward report')
    expect(html).not.toContain('</script><script>alert(1)')
  })

  it('renders the same outcome to the same bytes', () => {
    expect(renderWalkForwardReport(outcome, description)).toBe(html)
  })
})
