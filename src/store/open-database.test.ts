import { describe, expect, it } from 'vitest'

import { DEFAULT_SQLITE_PATH, redact, resolveDatabaseTarget } from './open-database.ts'

describe('resolveDatabaseTarget', () => {
  it('defaults to the SQLite file under var/ when nothing is configured', () => {
    expect(resolveDatabaseTarget(undefined, {})).toEqual({ backend: 'sqlite', location: DEFAULT_SQLITE_PATH })
    expect(resolveDatabaseTarget(undefined, { DATABASE_URL: '' }).location).toBe(DEFAULT_SQLITE_PATH)
  })

  it('takes DATABASE_URL, and an explicit URL before it', () => {
    const env = { DATABASE_URL: 'postgres://u:p@db:5432/tp' }
    expect(resolveDatabaseTarget(undefined, env)).toEqual({ backend: 'postgres', location: env.DATABASE_URL })
    expect(resolveDatabaseTarget('sqlite:/data/tp.db', env)).toEqual({
      backend: 'sqlite',
      location: '/data/tp.db',
    })
    expect(resolveDatabaseTarget('postgresql://h/db', {}).backend).toBe('postgres')
  })

  it('names the setting at fault and hides the password', () => {
    expect(() => resolveDatabaseTarget(undefined, { DATABASE_URL: 'mysql://root:secret@h/db' })).toThrow(
      'DATABASE_URL: expected postgres://user:pass@host:5432/db or sqlite:PATH, was "mysql://root:***@h/db"',
    )
    expect(() => resolveDatabaseTarget('sqlite:', {})).toThrow(
      expect.objectContaining({ code: 'STORE_CONFIG', location: { field: '--database-url' } }),
    )
  })

  it('redacts only the password', () => {
    expect(redact('postgres://user:pa:ss@host:5432/db')).toBe('postgres://user:***@host:5432/db')
    expect(redact('postgres://host/db')).toBe('postgres://host/db')
  })
})
