/**
 * `make audit`: `npm audit --audit-level=critical` over the production dependencies, with three
 * outcomes that are never confused: passed (the advisory service answered, no critical advisory),
 * failed (it answered with one: exit 1), and NOT RUN (it could not be reached — as on machines
 * without internet access). Not run exits 0 so an offline CI can proceed, but it is printed and
 * written to reports/audit.json as `not-run`, never as passed.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { type AuditVulnerability, criticalFindings } from './audit-exceptions.ts'
import { ROOT, readPolicy } from './policy.ts'

interface Outcome {
  status: 'passed' | 'failed' | 'not-run'
  detail: string
  time: string
}

const run = spawnSync('npm', ['audit', '--omit', 'dev', '--audit-level=critical', '--json'], {
  cwd: ROOT,
  encoding: 'utf8',
  timeout: 60_000,
})
let outcome: Outcome
const time = new Date().toISOString()
try {
  const report = JSON.parse(run.stdout) as {
    error?: { code?: string; summary?: string }
    message?: string
    metadata?: { vulnerabilities?: Record<string, number> }
    vulnerabilities?: Record<string, AuditVulnerability>
  }
  if (report.metadata?.vulnerabilities === undefined) {
    const reason =
      [report.error?.summary, report.message, report.error?.code].find((r) => r !== undefined && r !== '') ??
      'npm audit gave no report'
    outcome = { status: 'not-run', detail: reason, time }
  } else {
    const v = report.metadata.vulnerabilities
    const findings = criticalFindings(
      report.vulnerabilities ?? {},
      readPolicy().auditExceptions ?? [],
      time.slice(0, 10),
    )
    const summary = Object.entries(v)
      .map(([level, n]) => `${level} ${n}`)
      .join(', ')
    outcome =
      findings.length > 0
        ? {
            status: 'failed',
            detail: `${summary}; critical: ${findings.map((f) => `${f.package} (${f.advisories.join(', ') || 'via a dependency'})`).join('; ')}`,
            time,
          }
        : { status: 'passed', detail: summary, time }
  }
} catch {
  const reason =
    run.error?.message ??
    (run.stderr.trim().split('\n').at(-1) ?? '').replace(/^$/, `npm exited ${String(run.status)}`)
  outcome = { status: 'not-run', detail: reason, time }
}
mkdirSync(`${ROOT}reports`, { recursive: true })
writeFileSync(`${ROOT}reports/audit.json`, `${JSON.stringify(outcome, null, 2)}\n`)
if (outcome.status === 'not-run') {
  console.log(
    `audit: NOT RUN — the advisory service could not be reached (${outcome.detail}); recorded in reports/audit.json as not-run, not as passed`,
  )
} else if (outcome.status === 'failed') {
  console.error(`audit: FAILED — critical advisories (${outcome.detail}); see npm audit`)
  process.exit(1)
} else {
  console.log(`audit: passed, no critical advisory (${outcome.detail})`)
}
