import { describe, expect, it } from 'vitest'

import { toSqlitePlaceholders } from './placeholders.ts'

describe('toSqlitePlaceholders', () => {
  it('numbers placeholders so one parameter can be used twice', () => {
    expect(toSqlitePlaceholders('SELECT * FROM t WHERE a = $1 AND (b = $2 OR c = $1) LIMIT $10')).toBe(
      'SELECT * FROM t WHERE a = ?1 AND (b = ?2 OR c = ?1) LIMIT ?10',
    )
  })

  it('leaves dollar signs inside literals, quoted names and comments alone', () => {
    const sql = `SELECT '$1', 'it''s $2', "col$3" FROM t -- $4\nWHERE x = $1 /* $5 */`
    expect(toSqlitePlaceholders(sql)).toBe(
      `SELECT '$1', 'it''s $2', "col$3" FROM t -- $4\nWHERE x = ?1 /* $5 */`,
    )
  })

  it('keeps a dollar sign that is not followed by a digit', () => {
    expect(toSqlitePlaceholders('SELECT $a, $0, $')).toBe('SELECT $a, $0, $')
  })
})
