import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { type CsvReadOptions, readBarsCsv, validateBarsCsv } from './index.ts'

const work = mkdtempSync(join(tmpdir(), 'tradepulse-csv-chunks-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

type Outcome = { readonly error: string } | { readonly columns: number[][]; readonly report: unknown }

async function outcome(path: string, options: CsvReadOptions): Promise<Outcome> {
  try {
    const { series, report } = await readBarsCsv(path, options)
    const { openTime, knownAt, open, high, low, close, volume } = series
    return { columns: [openTime, knownAt, open, high, low, close, volume].map((c) => [...c]), report }
  } catch (error) {
    return { error: String(error) }
  }
}

const row = fc.record({
  step: fc.constantFrom(1, 1, 1, 1, 2, 0, -2),
  price: fc.constantFrom('10', '10.25', '1e1', '9.5', 'abc', '', '-1', '"10.5"', 'NaN'),
  wick: fc.constantFrom('11', '9', '10.75'),
  note: fc.constantFrom('x', '', '"a,b"', '"two\nlines"', '"say ""hi"""', '"a\r\nb"'),
  blankAfter: fc.boolean(),
})

const csvFile = fc.record({
  rows: fc.array(row, { minLength: 2, maxLength: 30 }),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  descending: fc.boolean(),
  delimiter: fc.constantFrom(',', ';', '\t'),
  comments: fc.constantFrom('', '# source: x, y; z\n', '# a "quote\n\n#\n'),
})

type CsvSpec = typeof csvFile extends fc.Arbitrary<infer T> ? T : never

function render(spec: CsvSpec): string {
  const eol = spec.crlf ? '\r\n' : '\n'
  const d = spec.delimiter
  let minute = 0
  const lines = spec.rows.map((r) => {
    minute += (spec.descending ? -1 : 1) * r.step
    const time = new Date(Date.UTC(2024, 0, 2, 12, minute)).toISOString()
    const price = d === ',' ? r.price : r.price.replace('"10.5"', '10,5')
    const note = d === ',' ? r.note : r.note.replace(',', d)
    return `${time}${d}${price}${d}${r.wick}${d}9.25${d}10${d}100${d}${note}${r.blankAfter ? eol : ''}`
  })
  const text = [`time${d}open${d}high${d}low${d}close${d}volume${d}note`, ...lines].join(eol) + (spec.finalNewline ? eol : '')
  return (spec.bom ? '\uFEFF' : '') + spec.comments.replaceAll('\n', eol) + text
}

describe('chunk boundaries', () => {
  it('do not change what is read: any chunk size gives the one-chunk result', async () => {
    let n = 0
    let read = 0
    await fc.assert(
      fc.asyncProperty(csvFile, fc.integer({ min: 1, max: 80 }), async (spec, chunkBytes) => {
        const path = join(work, `p${n++}.csv`)
        writeFileSync(path, render(spec))
        const whole = await outcome(path, { policy: 'repair' })
        const chunked = await outcome(path, { policy: 'repair', chunkBytes })
        expect(chunked).toEqual(whole)
        if ('report' in whole) {
          read++
          expect(await validateBarsCsv(path, { policy: 'repair', chunkBytes }), 'validate agrees with read').toEqual(whole.report)
        }
      }),
      { numRuns: 300 },
    )
    expect(read, 'most generated files are readable, so the property compares bars, not just errors').toBeGreaterThan(200)
  })

  it('do not change what strict reads or where it stops', async () => {
    let n = 0
    await fc.assert(
      fc.asyncProperty(csvFile, fc.integer({ min: 1, max: 40 }), async (spec, chunkBytes) => {
        const path = join(work, `s${n++}.csv`)
        writeFileSync(path, render(spec))
        expect(await outcome(path, { chunkBytes })).toEqual(await outcome(path, {}))
      }),
      { numRuns: 150 },
    )
  })

  it('survive a line much longer than the chunk', async () => {
    const path = join(work, 'long.csv')
    const note = 'n'.repeat(5000)
    writeFileSync(path, `time,open,high,low,close,note\n2024-01-02T00:00Z,1,1,1,1,${note}\n2024-01-02T00:01Z,1,1,1,1,"${note}\n${note}"\n2024-01-02T00:02Z,1,1,1,1,x`)
    const small = await outcome(path, { chunkBytes: 3 })
    expect(small).toEqual(await outcome(path, {}))
    expect('columns' in small && small.columns[0]).toEqual([Date.UTC(2024, 0, 2, 0, 0), Date.UTC(2024, 0, 2, 0, 1), Date.UTC(2024, 0, 2, 0, 2)])
  })
})
