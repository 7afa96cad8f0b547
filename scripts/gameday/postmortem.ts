/**
 * Fills docs/gameday/postmortem-template.md with one scenario's measured result. Every
 * `{{field}}` of the template must be given a value: a template field nobody fills is an error,
 * not an empty line in a postmortem.
 */
import { PHASES, type Scenario, type ScenarioResult } from './scenario.ts'

export const TEMPLATE = new URL('../../docs/gameday/postmortem-template.md', import.meta.url)

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ')
}

function ms(value: number | undefined): string {
  return value === undefined ? 'not reached' : `${value} ms`
}

export function passed(result: ScenarioResult): boolean {
  return (
    result.checks.length > 0 &&
    result.checks.every((c) => c.passed) &&
    PHASES.every((p) => p in result.timeline)
  )
}

export function postmortem(template: string, scenario: Scenario, result: ScenarioResult): string {
  const failed = result.checks.filter((c) => !c.passed)
  const unreached = PHASES.filter((p) => !(p in result.timeline))
  const values: Record<string, string> = {
    title: scenario.title,
    scenario: scenario.name,
    injectedAt: result.injectedAt,
    verdict: passed(result) ? 'passed' : 'FAILED',
    fault: scenario.fault,
    detection: result.detection,
    timelineRows: PHASES.map(
      (phase) =>
        `| ${phase} | ${ms(result.timeline[phase])} | ${cell(result.events[phase] ?? 'not reached')} |`,
    ).join('\n'),
    timeToDetect: ms(result.timeline.detected),
    timeToMitigate: ms(result.timeline.mitigated),
    timeToRecover: ms(result.timeline.recovered),
    checkRows: result.checks
      .map((c) => `| ${cell(c.name)} | ${c.passed ? 'pass' : 'FAIL'} | ${cell(c.detail)} |`)
      .join('\n'),
    followUps:
      failed.length === 0 && unreached.length === 0
        ? 'None: every phase was reached and every check passed.'
        : [
            ...unreached.map((p) => `- The ${p} phase was never reached.`),
            ...failed.map((c) => `- Failed check "${c.name}": ${c.detail}.`),
          ].join('\n'),
  }
  return template.replaceAll(/\{\{(\w+)\}\}/g, (_match, field: string) => {
    const value = values[field]
    if (value === undefined) throw new Error(`postmortem template field {{${field}}} has no value`)
    return value
  })
}
