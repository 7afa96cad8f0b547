import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { MATCH_REASONS } from './match-actions.ts'

describe('MATCH_REASONS', () => {
  it('documents every reason code in docs/execution.md', () => {
    const doc = readFileSync(new URL('../../../docs/execution.md', import.meta.url), 'utf8')
    const section = doc.slice(doc.indexOf('### Reason codes'), doc.indexOf('### Matching rules'))
    const documented = [...section.matchAll(/^\| `([a-z-]+)` +\|/gm)].map((m) => m[1])
    expect(documented.sort()).toEqual(Object.keys(MATCH_REASONS).sort())
  })
})
