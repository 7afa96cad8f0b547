import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { TEMPLATE, passed, postmortem } from './postmortem.ts'
import type { Scenario, ScenarioResult } from './scenario.ts'

const scenario: Scenario = {
  name: 'example',
  title: 'An example fault',
  fault: 'a fault | with a pipe',
  run: () => Promise.reject(new Error('not run')),
}
const complete: ScenarioResult = {
  timeline: { injected: 0, detected: 40, mitigated: 900, recovered: 1200 },
  injectedAt: '2026-01-02T03:04:05.000Z',
  events: { injected: 'fault in', detected: 'seen', mitigated: 'fixed', recovered: 'ready' },
  detection: 'GET /readyz',
  checks: [{ name: 'nothing lost', passed: true, detail: '5 of 5 orders' }],
}

describe('postmortem', () => {
  it('fills every template field with the measured timeline and checks', () => {
    const text = postmortem(readFileSync(TEMPLATE, 'utf8'), scenario, complete)
    expect(text).not.toMatch(/\{\{\w+\}\}/)
    expect(text).toContain('| detected | 40 ms | seen |')
    expect(text).toContain('- Time to recover: 1200 ms')
    expect(text).toContain('| nothing lost | pass | 5 of 5 orders |')
    expect(text).toContain('Verdict: **passed**')
  })

  it('fails a run with a phase never reached or a failed check, and lists each as a follow-up', () => {
    const broken: ScenarioResult = {
      ...complete,
      timeline: { injected: 0, detected: 40 },
      events: { injected: 'fault in', detected: 'seen' },
      checks: [{ name: 'nothing lost', passed: false, detail: '4 of 5 orders' }],
    }
    expect(passed(broken)).toBe(false)
    const text = postmortem(readFileSync(TEMPLATE, 'utf8'), scenario, broken)
    expect(text).toContain('Verdict: **FAILED**')
    expect(text).toContain('| recovered | not reached | not reached |')
    expect(text).toContain('- The mitigated phase was never reached.')
    expect(text).toContain('- Failed check "nothing lost": 4 of 5 orders.')
  })

  it('refuses a template field it has no value for', () => {
    expect(() => postmortem('{{weather}}', scenario, complete)).toThrow(
      'postmortem template field {{weather}} has no value',
    )
  })
})
