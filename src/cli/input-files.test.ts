import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXIT_OK, EXIT_USER_ERROR } from './main.ts'
import { runCaptured } from './testing/capture-io.ts'

const SP500 = 'data/sp500-2000.csv'
const work = mkdtempSync(join(tmpdir(), 'tradepulse-inputs-'))
const parquet = join(work, 'sim.parquet')
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})
beforeAll(async () => {
  const run = await runCaptured(['data', 'resample', SP500, '--to', '1d', '--out', parquet])
  expect(run.code).toBe(EXIT_OK)
})

/** Every command that reads a bar file, run on `path`. */
function readers(path: string): string[][] {
  return [
    ['data', 'validate', path],
    ['data', 'info', path, '--no-chart'],
    ['data', 'resample', path, '--to', '1w'],
    ['indicators', 'compute', 'sma', path],
    ['indicators', 'compute', 'beta', SP500, '--benchmark', path],
    ['analyze', path, '--no-chart'],
  ]
}

describe('a file is read by its content, the same way by every command', () => {
  it('reads Parquet named .csv as Parquet, with a note, in every command', async () => {
    const path = join(work, 'parquet-inside.csv')
    copyFileSync(parquet, path)
    for (const argv of readers(path)) {
      const run = await runCaptured(argv)
      expect(run.code, argv.join(' ')).toBe(EXIT_OK)
      expect(run.stderr, argv.join(' ')).toContain(
        `note: ${path} holds Parquet, not text, despite its .csv name: read as Parquet\n`,
      )
      expect(run.stdout + run.stderr, argv.join(' ')).not.toContain('PAR1')
    }
    const validate = await runCaptured(['data', 'validate', path])
    expect(validate.stdout).toBe(
      `${path}: Parquet, 5105 bars of 1d, 2000-01-03T00:00:00.000Z → 2020-04-17T00:00:00.000Z\nOK: no problems found\n`,
    )
  })

  it('reads CSV text named .parquet as CSV in every command, with a note', async () => {
    const path = join(work, 'text-inside.parquet')
    copyFileSync(SP500, path)
    for (const argv of readers(path)) {
      const run = await runCaptured(argv)
      expect(run.code, argv.join(' ')).toBe(EXIT_OK)
      expect(run.stderr, argv.join(' ')).toContain(
        `note: ${path} holds text, not Parquet, despite its .parquet name: read as CSV\n`,
      )
    }
    const info = await runCaptured(['data', 'info', path, '--json'])
    expect(JSON.parse(info.stdout)).toMatchObject({ format: 'csv', bars: 5105 })
  })

  it('validates a real Parquet file, in text and in JSON', async () => {
    const run = await runCaptured(['data', 'validate', parquet, '--json'])
    expect(run.code).toBe(EXIT_OK)
    expect(JSON.parse(run.stdout)).toEqual({
      policy: 'strict',
      ok: true,
      file: parquet,
      format: 'parquet',
      bars: 5105,
      interval: '1d',
      first: '2000-01-03T00:00:00.000Z',
      last: '2020-04-17T00:00:00.000Z',
    })
  })

  it('refuses binary garbage in one line that says what it is, never echoing its bytes', async () => {
    const bytes = Buffer.alloc(2000)
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256
    const path = join(work, 'garbage.csv')
    writeFileSync(path, bytes)
    for (const argv of readers(path)) {
      const run = await runCaptured(argv)
      expect(run.code, argv.join(' ')).toBe(EXIT_USER_ERROR)
      expect(run.stderr, argv.join(' ')).toBe(
        `error: ${path}: not a bar file: binary data, neither CSV text nor Parquet\n`,
      )
    }
  })
})

describe('a file that is not a regular file', () => {
  it('is refused at once by every command: a FIFO does not hang them', () => {
    const fifo = join(work, 'pipe.csv')
    execFileSync('mkfifo', [fifo])
    for (const argv of readers(fifo)) {
      const run = spawnSync(process.execPath, ['src/cli/bin.ts', ...argv], {
        encoding: 'utf8',
        timeout: 20_000,
      })
      expect(run.status, `${argv.join(' ')} ${run.error?.message ?? ''}`).toBe(EXIT_USER_ERROR)
      expect(run.stderr, argv.join(' ')).toBe(`error: ${fifo}: cannot read: not a regular file (a FIFO)\n`)
    }
  })

  it('names a directory given where a file belongs', async () => {
    const dir = join(work, 'a-directory.csv')
    mkdirSync(dir)
    const run = await runCaptured(['data', 'validate', dir])
    expect(run.code).toBe(EXIT_USER_ERROR)
    expect(run.stderr).toBe(`error: ${dir}: cannot read: it is a directory\n`)
  })
})
