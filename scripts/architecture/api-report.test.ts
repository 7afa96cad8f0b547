import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { API_DIR, apiReports, compareApiReports, describeDifference, writeApiReports } from './api-report.ts'
import { fixturePackage, writeFile } from './testing/fixture-package.ts'

const ENTRY = [
  "export { type Quote, midPrice } from './domain/quote.ts'",
  "export { Ledger } from './domain/ledger.ts'",
  "export type Side = 'buy' | 'sell'",
  '',
].join('\n')

const QUOTE = [
  'export interface Quote {',
  '  readonly bid: number',
  '  readonly ask: number',
  '  venue?: string',
  '}',
  '/** The middle of the spread. */',
  'export function midPrice(quote: Quote): number {',
  '  return (quote.bid + quote.ask) / 2',
  '}',
  '',
].join('\n')

const LEDGER = [
  'export class Ledger {',
  '  #entries: number[] = []',
  '  private secret = 1',
  '  constructor(readonly currency: string) {}',
  '  post(amount: number): void {',
  '    this.#entries.push(amount + this.secret)',
  '  }',
  '  get balance(): number {',
  '    return this.#entries.reduce((a, b) => a + b, 0)',
  '  }',
  '  static empty(currency: string): Ledger {',
  '    return new Ledger(currency)',
  '  }',
  '}',
  '',
].join('\n')

const roots: string[] = []
function fixture(): string {
  const root = fixturePackage({
    'src/index.ts': ENTRY,
    'src/domain/quote.ts': QUOTE,
    'src/domain/ledger.ts': LEDGER,
  })
  roots.push(root)
  return root
}
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
})

describe('the API report', () => {
  it('lists every exported name with its kind and declared signature, sorted', () => {
    const report = apiReports(fixture()).get('index.api.md')
    expect(report).toBeDefined()
    const headings = report?.split('\n').filter((line) => line.startsWith('## '))
    expect(headings).toEqual([
      '## `Ledger` (class)',
      '## `Quote` (interface)',
      '## `Side` (type)',
      '## `midPrice` (function)',
    ])
    expect(report).toContain('function midPrice(quote: Quote): number')
    expect(report).toContain("type Side = 'buy' | 'sell'")
    expect(report).toContain(
      [
        'class Ledger {',
        '  constructor(currency: string)',
        '  static empty(currency: string): Ledger',
        '  post(amount: number): void',
        '  readonly currency: string',
        '  readonly get balance: number',
        '}',
      ].join('\n'),
    )
    expect(report).toContain(
      'interface Quote {\n  readonly ask: number\n  readonly bid: number\n  venue?: string\n}',
    )
    expect(report, 'private members are not API').not.toMatch(/secret|entries/)
  })

  it('is the same text on every run', () => {
    const root = fixture()
    expect(apiReports(root)).toEqual(apiReports(root))
  })

  it('passes the check when up to date and names each added, removed or changed symbol', () => {
    const root = fixture()
    writeApiReports(root)
    const dir = join(root, API_DIR)
    expect(compareApiReports(apiReports(root), dir)).toEqual([])

    writeFile(
      root,
      'src/index.ts',
      ENTRY.replace(
        "export type Side = 'buy' | 'sell'",
        "export type Side = 'buy' | 'sell' | 'short'\nexport const VERSION = 2",
      ),
    )
    writeFile(
      root,
      'src/domain/quote.ts',
      QUOTE.replace('quote: Quote): number', 'quote: Quote, weight = 0.5): number'),
    )
    const differences = compareApiReports(apiReports(root), dir)
    expect(differences.map(describeDifference)).toEqual([
      'index.api.md: added VERSION; changed Side, midPrice',
    ])
  })

  it('flags a missing report and a report for an entry that is gone', () => {
    const root = fixture()
    writeApiReports(root)
    writeFile(root, `${API_DIR}/old.api.md`, '# API report: `fixture/old`\n')
    rmSync(join(root, API_DIR, 'index.api.md'))
    expect(compareApiReports(apiReports(root), join(root, API_DIR)).map(describeDifference)).toEqual([
      'index.api.md: no report committed for this entry',
      'old.api.md: report for an entry package.json no longer exports',
    ])
  })
})
