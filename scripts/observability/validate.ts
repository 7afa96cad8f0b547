/**
 * `make obs-validate`: everything under observability/ is checked before it ships.
 *
 * 1. `promtool check rules` and `promtool test rules` (every alert has a unit test);
 * 2. the dashboards regenerated from observability/dashboards/*.ts equal the committed JSON, and
 *    the JSON has the shape `validateDashboard` defines;
 * 3. every panel query parses: each becomes a recording rule in a temporary file that
 *    `promtool check rules` reads;
 * 4. every metric a rule or a panel uses is registered by `createTradePulseMetrics` (process
 *    metrics included) or recorded by a rule, or is Prometheus' own `up`;
 * 5. every alert links `docs/runbooks/<alert>.md`, the file exists with its four sections, and
 *    every runbook belongs to an alert.
 *
 * The end-to-end check with a real Prometheus is a vitest file
 * (src/observability/kill-switch-alert.e2e.test.ts), which the Makefile target runs after this.
 * Exits 1 listing every problem; 2 when promtool is missing.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Registry } from 'prom-client'
import { DASHBOARDS, renderDashboard } from '../../observability/dashboards/index.ts'
import { dashboardQueries, validateDashboard } from '../../observability/dashboards/panels.ts'
import { createTradePulseMetrics } from '../../src/observability/metrics.ts'
import { PROMTOOL, PROMTOOL_MISSING } from '../../src/observability/testing/prometheus-server.ts'
import { type Rule, grafanaToPromql, metricNames, parseRuleFile } from './rule-files.ts'

const ROOT = join(import.meta.dirname, '..', '..')
const RULES_DIR = 'observability/rules'
const TESTS_DIR = 'observability/tests'
const DASHBOARDS_DIR = 'observability/dashboards'
const RUNBOOKS_DIR = 'docs/runbooks'
const RUNBOOK_SECTIONS = ['## What it means', '## Confirm', '## Mitigate', '## Verify recovery']

const problems: string[] = []
const ok = (line: string): void => {
  console.log(`ok  ${line}`)
}

function files(dir: string, suffix: string): string[] {
  return readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => join(dir, f))
}

function promtool(args: readonly string[], what: string): boolean {
  try {
    execFileSync(PROMTOOL, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    ok(what)
    return true
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string }
    problems.push(`${what} failed:\n${(e.stdout ?? '') + (e.stderr ?? '')}`.trim())
    return false
  }
}

/** The names createTradePulseMetrics registers, with the series names of histograms and summaries. */
async function registeredNames(): Promise<Set<string>> {
  const metrics = createTradePulseMetrics(new Registry())
  const names = new Set<string>()
  for (const m of await metrics.registry.getMetricsAsJSON()) {
    names.add(m.name)
    if (String(m.type) === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(m.name + s)
    if (String(m.type) === 'summary') for (const s of ['_sum', '_count']) names.add(m.name + s)
  }
  return names
}

async function main(): Promise<void> {
  if (!existsSync(PROMTOOL)) {
    console.error(PROMTOOL_MISSING)
    process.exit(2)
  }
  const ruleFiles = files(RULES_DIR, '.yml')
  const testFiles = files(TESTS_DIR, '.test.yml')

  // 1. promtool
  promtool(['check', 'rules', ...ruleFiles], `promtool check rules ${ruleFiles.join(' ')}`)
  promtool(['test', 'rules', ...testFiles], `promtool test rules ${testFiles.join(' ')}`)
  const rules: Rule[] = ruleFiles.flatMap((f) => parseRuleFile(f, readFileSync(join(ROOT, f), 'utf8')))
  const alerts = [...new Set(rules.filter((r) => r.kind === 'alert').map((r) => r.name))]
  const tests = testFiles.map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n')
  const untested = alerts.filter((a) => !new RegExp(`alertname: ${a}\\s*$`, 'm').test(tests))
  if (untested.length > 0)
    problems.push(`alerts without a promtool test in ${TESTS_DIR}: ${untested.join(', ')}`)
  else ok(`every alert (${alerts.length}) has a promtool test`)

  // 2. dashboards
  for (const [file, d] of Object.entries(DASHBOARDS)) {
    const path = join(DASHBOARDS_DIR, file)
    const committed = existsSync(join(ROOT, path)) ? readFileSync(join(ROOT, path), 'utf8') : undefined
    if (committed === undefined)
      problems.push(`${path} is missing: run node observability/dashboards/generate.ts`)
    else if (committed !== (await renderDashboard(d))) {
      problems.push(
        `${path} differs from its TypeScript: run node observability/dashboards/generate.ts and commit`,
      )
    } else {
      const shape = validateDashboard(path, JSON.parse(committed))
      problems.push(...shape)
      if (shape.length === 0) ok(`${path} is up to date and well-formed (${d.panels.length} panels)`)
    }
  }
  const stray = files(DASHBOARDS_DIR, '.json').filter(
    (f) => !(f.slice(DASHBOARDS_DIR.length + 1) in DASHBOARDS),
  )
  if (stray.length > 0) problems.push(`dashboards JSON without a TypeScript source: ${stray.join(', ')}`)

  // 3. every panel query parses
  const queries = Object.values(DASHBOARDS).flatMap(dashboardQueries)
  const temp = mkdtempSync(join(tmpdir(), 'tradepulse-obs-'))
  try {
    const file = join(temp, 'panels.rules.yml')
    const group = {
      name: 'dashboard-queries',
      rules: queries.map((q, i) => ({
        record: `dashboard:query_${i + 1}:check`,
        expr: grafanaToPromql(q.expr),
      })),
    }
    writeFileSync(file, JSON.stringify({ groups: [group] }, null, 2)) // JSON is YAML
    if (!promtool(['check', 'rules', file], `every panel query (${queries.length}) parses`)) {
      problems.push(
        queries.map((q, i) => `  dashboard:query_${i + 1}:check = ${q.panel}: ${q.expr}`).join('\n'),
      )
    }
  } finally {
    rmSync(temp, { recursive: true, force: true })
  }

  // 4. metrics exist
  const known = await registeredNames()
  for (const r of rules) if (r.kind === 'record') known.add(r.name)
  known.add('up')
  const uses = [
    ...rules.map((r) => ({ where: `${r.kind} ${r.name}`, expr: r.expr })),
    ...queries.map((q) => ({ where: `panel ${q.panel}`, expr: q.expr })),
  ]
  let unknown = 0
  for (const use of uses) {
    for (const name of metricNames(use.expr)) {
      if (!known.has(name)) {
        unknown++
        problems.push(
          `${use.where} uses ${name}, which createTradePulseMetrics does not register and no rule records`,
        )
      }
    }
  }
  if (unknown === 0)
    ok(`every metric used by ${rules.length} rules and ${queries.length} panel queries exists`)

  // 5. runbooks
  let missing = 0
  for (const alert of alerts) {
    const expected = `${RUNBOOKS_DIR}/${alert}.md`
    for (const r of rules.filter((x) => x.kind === 'alert' && x.name === alert)) {
      if (r.runbookUrl !== expected) {
        missing++
        problems.push(
          `alert ${alert} (line ${r.line}): runbook_url is ${String(r.runbookUrl)}, expected ${expected}`,
        )
      }
    }
    if (!existsSync(join(ROOT, expected))) {
      missing++
      problems.push(`alert ${alert}: ${expected} does not exist`)
      continue
    }
    const text = readFileSync(join(ROOT, expected), 'utf8')
    const absent = RUNBOOK_SECTIONS.filter((s) => !text.includes(`\n${s}\n`))
    if (absent.length > 0) {
      missing++
      problems.push(`${expected} lacks the sections: ${absent.join(', ')}`)
    }
  }
  const orphans = files(RUNBOOKS_DIR, '.md')
    .map((f) => f.slice(RUNBOOKS_DIR.length + 1, -3))
    .filter((name) => name !== 'README' && !alerts.includes(name))
  if (orphans.length > 0) problems.push(`runbooks without an alert: ${orphans.join(', ')}`)
  if (missing === 0 && orphans.length === 0)
    ok(`every alert (${alerts.length}) links its runbook, which exists`)

  if (problems.length > 0) {
    console.error(
      `\nobs-validate: ${problems.length} problem(s)\n${problems.map((p) => `- ${p}`).join('\n')}`,
    )
    process.exit(1)
  }
}

await main()
