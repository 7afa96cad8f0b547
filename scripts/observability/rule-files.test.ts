import { describe, expect, it } from 'vitest'
import { grafanaToPromql, metricNames, parseRuleFile } from './rule-files.ts'

describe('metricNames', () => {
  it('finds the selected metrics, not functions, labels, strings, ranges or grouping', () => {
    expect(
      metricNames(
        'sum by (le, route) (rate(tradepulse_http_request_duration_seconds_bucket{route=~"/api/.*", le!="x"}[5m])) / on (route) group_left sum(rate(http_total[1h] offset 5m))',
      ),
    ).toEqual(['tradepulse_http_request_duration_seconds_bucket', 'http_total'])
  })

  it('keeps recording-rule names with colons and reads through comparisons and set operators', () => {
    expect(
      metricNames(
        'tradepulse:slo_api_errors:ratio_rate5m > (14.4 * 0.001) and absent(tradepulse_sweep_workers) or vector(0)',
      ),
    ).toEqual(['tradepulse:slo_api_errors:ratio_rate5m', 'tradepulse_sweep_workers'])
  })

  it('replaces Grafana variables before reading', () => {
    expect(grafanaToPromql('rate(x{instance=~"$instance"}[$__rate_interval])')).toBe(
      'rate(x{instance=~".*"}[5m])',
    )
    expect(metricNames('rate(x{instance=~"${instance}"}[$__rate_interval])')).toEqual(['x'])
  })
})

describe('parseRuleFile', () => {
  it('reads recording and alerting rules, one-line and block expressions, and runbook links', () => {
    const text = [
      'groups:',
      '  - name: g',
      '    rules:',
      '      - record: a:b:c',
      '        expr: sum(rate(x_total[5m]))',
      '      - alert: Boom',
      '        expr: |',
      '          a:b:c',
      '            > 1',
      '        for: 5m',
      '        annotations:',
      "          runbook_url: 'docs/runbooks/Boom.md'",
    ].join('\n')
    expect(parseRuleFile('f.yml', text)).toEqual([
      { kind: 'record', name: 'a:b:c', expr: 'sum(rate(x_total[5m]))', runbookUrl: undefined, line: 4 },
      { kind: 'alert', name: 'Boom', expr: 'a:b:c > 1', runbookUrl: 'docs/runbooks/Boom.md', line: 6 },
    ])
  })

  it('names the file and line of a rule without an expression', () => {
    expect(() => parseRuleFile('f.yml', '      - alert: Empty\n        for: 1m\n')).toThrow(
      'f.yml:1: alert Empty has no expr',
    )
  })
})
