import { readdirSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { migrationChecksum } from '../migration.ts'
import { MIGRATIONS } from './index.ts'

describe('the migration list', () => {
  it('lists every NNN-name.ts file in this folder, in order, with the version and name of its file', () => {
    const files = readdirSync(new URL('.', import.meta.url))
      .filter((file) => /^[0-9]{3}-.*\.ts$/.test(file) && !file.endsWith('.test.ts'))
      .sort()
    expect(MIGRATIONS.map((m) => `${String(m.version).padStart(3, '0')}-${m.name}.ts`)).toEqual(files)
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1))
  })

  it('keeps the released checksum of 001-initial: edit it and every migrated database refuses to start', () => {
    expect(migrationChecksum(MIGRATIONS[0]!)).toBe(
      'a5921175eb8772f2145936876efc0125aefc272ef8c4410214fa4e6e50fbe9a4',
    )
  })
})
