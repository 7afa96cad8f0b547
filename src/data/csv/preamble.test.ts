import { describe, expect, it } from 'vitest'
import { commentedHeader, readPreamble } from './preamble.ts'

describe('readPreamble', () => {
  it('counts the comment and blank lines above the first other line, and where it starts', () => {
    const text = '# source: x\n\n  # indented\ndate,open\n# not a comment any more\n'
    expect(readPreamble(text, 10)).toEqual({ lines: 3, comments: 2, offset: 26, lastComment: { line: 3, text: '# indented' } })
    expect(text.slice(26)).toMatch(/^date,open/)
  })

  it('reads CRLF and bare CR files, and ends lines only at the file’s line end', () => {
    expect(readPreamble('# a\r\n# b\r\nx', 10)).toMatchObject({ lines: 2, offset: 10 })
    expect(readPreamble('# a\r# b\rx', 13)).toMatchObject({ lines: 2, offset: 8 })
    expect(readPreamble('# a\rb\nx', 10), 'a bare CR inside a comment of an LF file').toMatchObject({ lines: 1, comments: 1, offset: 6 })
  })

  it('finds nothing in a file that starts with its header or data', () => {
    expect(readPreamble('date,open\n', 10)).toEqual({ lines: 0, comments: 0, offset: 0, lastComment: null })
    expect(readPreamble('# only\n#comments', 10)).toMatchObject({ lines: 2, comments: 2, offset: 16 })
  })
})

describe('commentedHeader', () => {
  const preamble = readPreamble('# from x\n#time,open,high,low,close\n', 10)

  it('is the last comment when it has the rows’ field count and reads as a header', () => {
    expect(commentedHeader(preamble, ',', ['2024-01-02', '1', '2', '0.5', '1.5'], 5)).toEqual(['time', 'open', 'high', 'low', 'close'])
  })

  it('is not a header when the field count differs, or the next line is a header already', () => {
    expect(commentedHeader(preamble, ',', ['2024-01-02', '1', '2', '0.5', '1.5', '9'], 6)).toBeNull()
    expect(commentedHeader(preamble, ',', ['t', 'o', 'h', 'l', 'c'], 5)).toBeNull()
    expect(commentedHeader(readPreamble('# 2024, 1, 2, 3, 4\n', 10), ',', ['2024-01-02', '1', '2', '0.5', '1.5'], 5), 'numbers are not names').toBeNull()
    expect(commentedHeader(readPreamble('date\n', 10), ',', ['2024-01-02'], 1)).toBeNull()
  })
})
