import { describe, expect, it } from 'vitest'
import { type AuditVulnerability, criticalFindings } from './audit-exceptions.ts'

const vulnerabilities: Record<string, AuditVulnerability> = {
  parser: { name: 'parser', severity: 'critical', via: [{ source: 1001, title: 'prototype pollution' }] },
  wrapper: { name: 'wrapper', severity: 'critical', via: ['parser'] },
  logger: { name: 'logger', severity: 'high', via: [{ source: 2002 }] },
}
const exception = {
  advisory: '1001',
  package: 'parser',
  reason: 'only parses our own configuration',
  approvedBy: 'security review 2026-11-30',
  expires: '2027-02-28',
}

describe('criticalFindings', () => {
  it('reports critical advisories and the packages that pull them in, not lower severities', () => {
    expect(criticalFindings(vulnerabilities, [], '2026-12-05')).toEqual([
      { package: 'parser', advisories: ['1001'] },
      { package: 'wrapper', advisories: [] },
    ])
  })

  it('takes out an advisory under a live exception, and counts it again once the exception expires', () => {
    const wrapperOnly = { parser: vulnerabilities.parser! }
    expect(criticalFindings(wrapperOnly, [exception], '2026-12-05')).toEqual([])
    expect(criticalFindings(wrapperOnly, [exception], '2027-03-01')).toEqual([
      { package: 'parser', advisories: ['1001'] },
    ])
  })
})
