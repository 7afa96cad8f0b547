import { describe, expect, it } from 'vitest'
import * as runStore from './index.ts'

describe('the run store entry point', () => {
  it('exports writing, reading and the run id, nothing else', () => {
    expect(Object.keys(runStore).sort()).toEqual([
      'MAX_JSON_EQUITY_POINTS',
      'RUN_FILES',
      'RUN_ID_LENGTH',
      'canonicalJson',
      'readRun',
      'runId',
      'writeRun',
    ])
    expect(runStore.MAX_JSON_EQUITY_POINTS).toBe(50_000)
  })
})
