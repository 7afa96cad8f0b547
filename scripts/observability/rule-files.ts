/**
 * What `make obs-validate` reads from the Prometheus rule files and PromQL: the rules (recording
 * and alerting, with their expressions and runbook links) and the metric names an expression
 * uses. The rule files are ours and plain (one key per line, block scalars for long
 * expressions), so a line reader suffices and no YAML package is needed; `promtool check rules`
 * validates the YAML itself first, and this reader refuses what it does not understand.
 */

export interface Rule {
  readonly kind: 'record' | 'alert'
  readonly name: string
  readonly expr: string
  readonly runbookUrl: string | undefined
  /** 1-based line of the `- record:` or `- alert:` key, for messages. */
  readonly line: number
}

const RULE_START = /^\s*- (record|alert):\s*(\S+)\s*$/
const KEY = /^(\s*)(expr|runbook_url):\s*(.*)$/

function unquote(text: string): string {
  const t = text.trim()
  return (t.startsWith("'") && t.endsWith("'")) || (t.startsWith('"') && t.endsWith('"')) ? t.slice(1, -1) : t
}

export function parseRuleFile(file: string, text: string): Rule[] {
  const lines = text.split('\n')
  const rules: Rule[] = []
  let current:
    { kind: Rule['kind']; name: string; expr?: string; runbookUrl?: string; line: number } | undefined
  const flush = (): void => {
    if (current === undefined) return
    if (current.expr === undefined || current.expr === '') {
      throw new Error(`${file}:${current.line}: ${current.kind} ${current.name} has no expr`)
    }
    rules.push({
      kind: current.kind,
      name: current.name,
      expr: current.expr,
      runbookUrl: current.runbookUrl,
      line: current.line,
    })
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const start = RULE_START.exec(line)
    if (start !== null) {
      flush()
      current = { kind: start[1] as Rule['kind'], name: start[2]!, line: i + 1 }
      continue
    }
    const key = KEY.exec(line)
    if (key === null || current === undefined) continue
    const [, indent, name, rest] = key as unknown as [string, string, string, string]
    let value = rest
    if (value.trim() === '|' || value.trim() === '>') {
      const block: string[] = []
      while (
        i + 1 < lines.length &&
        (lines[i + 1]!.trim() === '' || lines[i + 1]!.search(/\S/) > indent.length)
      ) {
        block.push(lines[++i]!.trim())
      }
      value = block.join(' ').trim()
    } else if (/^[|>][+-]?\d*$/.test(value.trim())) {
      throw new Error(`${file}:${i + 1}: block scalar ${value.trim()} is not supported; use | or >`)
    }
    if (name === 'expr') current.expr = unquote(value)
    else current.runbookUrl = unquote(value)
  }
  flush()
  return rules
}

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'offset',
  'bool',
  'inf',
  'nan',
  'atan2',
  'group_left',
  'group_right',
])

/**
 * The metric names a PromQL expression selects (recording-rule names included), in order of
 * appearance, without repeats. Grafana's `$__rate_interval` and other `$variables` are replaced
 * first. Label matchers, strings, ranges, grouping clauses and function names are not names.
 */
export function metricNames(expr: string): string[] {
  const text = grafanaToPromql(expr)
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
  const names: string[] = []
  for (const match of text.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const name = match[0]
    const before = text[match.index - 1] ?? ' '
    if (/[0-9.]/.test(before)) continue // a duration unit or an exponent: 5m, 1e3
    if (/^\s*\(/.test(text.slice(match.index + name.length))) continue // a function
    if (KEYWORDS.has(name.toLowerCase())) continue
    if (!names.includes(name)) names.push(name)
  }
  return names
}

/** A Grafana panel query as plain PromQL: `$__rate_interval` is 5m, other variables match anything. */
export function grafanaToPromql(expr: string): string {
  return expr.replaceAll('$__rate_interval', '5m').replace(/\$\{?[a-zA-Z_]\w*\}?/g, '.*')
}
