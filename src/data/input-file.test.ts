/**
 * Every reader of the library, called directly rather than through the CLI's sniffing, refuses
 * what is not a regular file the same way — and a FIFO at once, not after a writer shows up.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readBarsCsv, validateBarsCsv } from './csv/index.ts'
import { openInputFile } from './input-file.ts'
import { readBarsParquet } from './parquet/index.ts'
import { readUniverseCsv, validateUniverseCsv } from './wide/read-universe.ts'

const work = mkdtempSync(join(tmpdir(), 'tradepulse-input-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

const readers: [string, (path: string) => Promise<unknown>][] = [
  ['readBarsCsv', (p) => readBarsCsv(p)],
  ['validateBarsCsv', (p) => validateBarsCsv(p)],
  ['readUniverseCsv', (p) => readUniverseCsv(p)],
  ['validateUniverseCsv', (p) => validateUniverseCsv(p)],
  ['readBarsParquet', (p) => readBarsParquet(p)],
]

describe('input files', () => {
  const fifo = join(work, 'pipe.csv')
  execFileSync('mkfifo', [fifo])

  it.each(readers)('%s refuses a FIFO without waiting for a writer', async (_name, read) => {
    await expect(read(fifo)).rejects.toMatchObject({
      code: 'DATA_FILE_NOT_FOUND',
      message: `${fifo}: cannot read: not a regular file (a FIFO)`,
    })
  })

  it.each(readers)('%s names a directory and a missing file the same way as every other reader', async (_name, read) => {
    await expect(read(work)).rejects.toMatchObject({ message: `${work}: cannot read: it is a directory` })
    const missing = join(work, 'missing.csv')
    await expect(read(missing)).rejects.toMatchObject({ message: `${missing}: cannot read: no such file` })
  })

  it('opens a regular file and gives its size', async () => {
    const { handle, size } = await openInputFile(join(import.meta.dirname, '../../data/sp500-2000.csv'))
    await handle.close()
    expect(size).toBeGreaterThan(100_000)
  })
})
