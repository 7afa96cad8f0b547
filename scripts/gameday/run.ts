/**
 * GameDay: injects each fault of docs/gameday/ on loopback against real components, measures
 * its timeline and writes one postmortem per scenario.
 *
 *   node scripts/gameday/run.ts [--only NAME[,NAME…]] [--out DIR] [--jobs N]
 *
 * Progress goes to stderr; the postmortems to `<out>/<scenario>.md` (default `.gameday`).
 * `--jobs` scenarios run at once (default 2): each has its own servers, ports and temp dirs, and
 * most of a scenario's time is spent waiting (process starts, back-offs, evaluation intervals).
 * Exits 1 when a scenario failed a check or never reached a phase, 2 on a usage error.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { postmortem, passed, TEMPLATE } from './postmortem.ts'
import type { Scenario, ScenarioResult } from './scenario.ts'
import { SCENARIOS } from './scenarios.ts'

function log(line: string): void {
  process.stderr.write(`gameday: ${line}\n`)
}

async function main(): Promise<number> {
  let values: { only?: string | undefined; out?: string | undefined; jobs?: string | undefined }
  try {
    values = parseArgs({
      options: { only: { type: 'string' }, out: { type: 'string' }, jobs: { type: 'string' } },
    }).values
  } catch (error) {
    log(error instanceof Error ? error.message : String(error))
    return 2
  }
  const names = values.only?.split(',').filter((n) => n !== '')
  const unknown = names?.filter((n) => !SCENARIOS.some((s) => s.name === n)) ?? []
  if (unknown.length > 0) {
    log(`no scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`)
    return 2
  }
  const jobs = Number(values.jobs ?? '2')
  if (!Number.isInteger(jobs) || jobs < 1) {
    log(`--jobs must be a whole number >= 1, was ${values.jobs ?? ''}`)
    return 2
  }
  const chosen = names === undefined ? SCENARIOS : SCENARIOS.filter((s) => names.includes(s.name))
  const out = values.out ?? '.gameday'
  mkdirSync(out, { recursive: true })
  const template = readFileSync(TEMPLATE, 'utf8')
  let failures = 0
  const queue = [...chosen]
  const lane = async (): Promise<void> => {
    for (let scenario = queue.shift(); scenario !== undefined; scenario = queue.shift()) {
      log(`${scenario.name}: ${scenario.title}`)
      const result = await runOne(scenario)
      const ok = passed(result)
      if (!ok) failures++
      const file = join(out, `${scenario.name}.md`)
      writeFileSync(file, postmortem(template, scenario, result))
      log(`${scenario.name}: ${ok ? 'passed' : 'FAILED'}, postmortem ${file}`)
    }
  }
  await Promise.all(Array.from({ length: Math.min(jobs, chosen.length) }, lane))
  log(`${chosen.length - failures} of ${chosen.length} scenarios passed`)
  return failures === 0 ? 0 : 1
}

/** A scenario that throws still gets a postmortem: its timeline so far and the error as a failed check. */
async function runOne(scenario: Scenario): Promise<ScenarioResult> {
  const partial: { result?: ScenarioResult } = {}
  try {
    partial.result = await scenario.run((line) => {
      log(`${scenario.name}: ${line}`)
    })
    return partial.result
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    log(`${scenario.name}: aborted: ${message}`)
    return {
      timeline: {},
      injectedAt: new Date().toISOString(),
      events: {},
      detection: 'none: the scenario aborted',
      checks: [{ name: 'the scenario ran to the end', passed: false, detail: message }],
    }
  }
}

process.exitCode = await main()
