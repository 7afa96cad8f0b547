import { describe, expect, it } from 'vitest'
import { byteOrderMarkLength, detectDelimiter, detectLineEnd, splitLines, splitRecords } from './dialect.ts'

describe('detectDelimiter', () => {
  it('finds comma, semicolon and tab', () => {
    expect(detectDelimiter(['date,open,high,low,close', '2024-01-02,1,2,0.5,1.5'])).toBe(',')
    expect(detectDelimiter(['date;open;high;low;close', '2024-01-02;1;2;0.5;1.5'])).toBe(';')
    expect(detectDelimiter(['date\topen\thigh\tlow\tclose', '2024-01-02\t1\t2\t0.5\t1.5'])).toBe('\t')
  })

  it('prefers the semicolon when numbers carry decimal commas', () => {
    expect(detectDelimiter(['Datum;Erster;Hoch;Tief;Schluss', '02.01.2024;1,5;1,6;1,4;1,55'])).toBe(';')
  })

  it('ignores delimiters inside quotes', () => {
    expect(detectDelimiter(['"a;b",c,d', '"e;f;g",h,i'])).toBe(',')
  })

  it('falls back to the most frequent, then to comma', () => {
    expect(detectDelimiter(['a;b;c', 'd;e', 'f,g'])).toBe(';')
    expect(detectDelimiter(['single', 'column'])).toBe(',')
    expect(detectDelimiter([])).toBe(',')
  })
})

describe('splitRecords', () => {
  it('splits fields and records, skipping blank lines', () => {
    expect(splitRecords('a,b\n\n1,2\r\n3,4', ',')).toEqual([
      { line: 1, fields: ['a', 'b'], unterminated: false },
      { line: 3, fields: ['1', '2'], unterminated: false },
      { line: 4, fields: ['3', '4'], unterminated: false },
    ])
  })

  it('unquotes, unescapes doubled quotes and keeps line ends inside quotes', () => {
    const records = splitRecords('"x, y","say ""hi""","two\nlines"\nnext,1,2\n', ',')
    expect(records[0]).toEqual({ line: 1, fields: ['x, y', 'say "hi"', 'two\nlines'], unterminated: false })
    expect(records[1], 'the line after a quoted line end').toEqual({ line: 3, fields: ['next', '1', '2'], unterminated: false })
  })

  it('flags a quote left open at the end', () => {
    expect(splitRecords('a,"b\nc', ',')).toEqual([{ line: 1, fields: ['a', 'b\nc'], unterminated: true }])
  })

  it('reads bare CR line ends', () => {
    expect(splitRecords('a,b\r1,2\r', ',').map((r) => r.line)).toEqual([1, 2])
    expect(detectLineEnd('a,b\r1,2\r')).toBe(13)
    expect(detectLineEnd('a,b\r\n1,2\r\n')).toBe(10)
    expect(splitLines('a\r\nb\nc\rd')).toEqual(['a', 'b', 'c', 'd'])
  })
})

describe('byteOrderMarkLength', () => {
  it('skips a UTF-8 BOM and refuses UTF-16', () => {
    expect(byteOrderMarkLength(Buffer.from([0xef, 0xbb, 0xbf, 0x61]), 'x.csv')).toBe(3)
    expect(byteOrderMarkLength(Buffer.from('date'), 'x.csv')).toBe(0)
    expect(() => byteOrderMarkLength(Buffer.from([0xff, 0xfe, 0x61, 0]), 'x.csv')).toThrow('x.csv: the file is UTF-16 text; save it as UTF-8')
  })
})
