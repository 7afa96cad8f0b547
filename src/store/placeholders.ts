/**
 * Rewrites PostgreSQL's `$1` placeholders to SQLite's numbered `?1`, leaving string literals,
 * quoted identifiers and comments alone. Numbered (not bare `?`) so a statement may use a
 * parameter twice, as `$1` allows. Statements are short and written by us, so this is a
 * scanner over the common lexical forms, not a parser.
 */
export function toSqlitePlaceholders(sql: string): string {
  let out = ''
  let i = 0
  while (i < sql.length) {
    const char = sql[i]!
    const next = sql[i + 1]
    if (char === "'" || char === '"') {
      const end = closingQuote(sql, i + 1, char)
      out += sql.slice(i, end)
      i = end
    } else if (char === '-' && next === '-') {
      const end = sql.indexOf('\n', i)
      const stop = end === -1 ? sql.length : end
      out += sql.slice(i, stop)
      i = stop
    } else if (char === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2)
      const stop = end === -1 ? sql.length : end + 2
      out += sql.slice(i, stop)
      i = stop
    } else if (char === '$' && next !== undefined && next >= '1' && next <= '9') {
      let end = i + 1
      while (end < sql.length && sql[end]! >= '0' && sql[end]! <= '9') end++
      out += `?${sql.slice(i + 1, end)}`
      i = end
    } else {
      out += char
      i++
    }
  }
  return out
}

/** Index just past the quote closing a literal opened before `from`; a doubled quote is an escaped one. */
function closingQuote(sql: string, from: number, quote: string): number {
  let i = from
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2
      else return i + 1
    } else i++
  }
  return sql.length
}
