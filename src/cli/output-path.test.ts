import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EXIT_OK, EXIT_USER_ERROR } from './main.ts'
import { runCaptured } from './testing/capture-io.ts'

const SP500 = 'data/sp500-2000.csv'
const work = mkdtempSync(join(tmpdir(), 'tradepulse-output-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

/** A fresh directory holding a copy of the S&P 500 file, and that copy's path. */
function inputCopy(name: string): { dir: string; input: string } {
  const dir = join(work, name)
  mkdirSync(dir)
  const input = join(dir, 'sp500.csv')
  copyFileSync(SP500, input)
  return { dir, input }
}

describe('an output that is an input', () => {
  it('is refused by data resample, by any name for the same file, and the input is left as it was', async () => {
    const { dir, input } = inputCopy('resample-self')
    const before = readFileSync(input)
    symlinkSync(input, join(dir, 'link.csv'))
    linkSync(input, join(dir, 'hard.csv'))
    const names = [
      input,
      relative(process.cwd(), input),
      `${dir}/./sp500.csv`,
      join(dir, 'link.csv'),
      join(dir, 'hard.csv'),
    ]
    for (const out of names) {
      const run = await runCaptured(['data', 'resample', input, '--to', '1w', '--out', out])
      expect(run.code, out).toBe(EXIT_USER_ERROR)
      expect(run.stderr, out).toBe(`error: --out: ${out} is the input file ${input}; write to another file\n`)
    }
    expect(readFileSync(input).equals(before)).toBe(true)
    expect(readdirSync(dir).sort()).toEqual(['hard.csv', 'link.csv', 'sp500.csv'])
  })

  it('is refused by indicators compute, for the bar file and for the benchmark', async () => {
    const { input } = inputCopy('compute-self')
    const benchmark = join(work, 'compute-self', 'benchmark.csv')
    copyFileSync(SP500, benchmark)
    const own = await runCaptured(['indicators', 'compute', 'sma', input, '--out', input])
    expect(own.code).toBe(EXIT_USER_ERROR)
    expect(own.stderr).toBe(`error: --out: ${input} is the input file ${input}; write to another file\n`)
    const bench = await runCaptured([
      'indicators',
      'compute',
      'beta',
      input,
      '--benchmark',
      benchmark,
      '--out',
      benchmark,
    ])
    expect(bench.code).toBe(EXIT_USER_ERROR)
    expect(bench.stderr).toBe(
      `error: --out: ${benchmark} is the input file ${benchmark}; write to another file\n`,
    )
    expect(readFileSync(benchmark).equals(readFileSync(SP500))).toBe(true)
  })
})

describe('an output file', () => {
  it('replaces an existing file with the whole new content', async () => {
    const { dir, input } = inputCopy('replace')
    const out = join(dir, 'weekly.csv')
    writeFileSync(out, 'old content\n')
    const run = await runCaptured(['data', 'resample', input, '--to', '1w', '--out', out])
    expect(run.code).toBe(EXIT_OK)
    const lines = readFileSync(out, 'utf8').split('\n')
    expect(lines[0]).toBe('date,open,high,low,close,volume')
    expect(lines).toHaveLength(1060)
    expect(readdirSync(dir).sort()).toEqual(['sp500.csv', 'weekly.csv'])
  })

  it('is left as it was, with no temporary file beside it, when the write fails halfway', () => {
    const { dir, input } = inputCopy('fail-midway')
    for (const name of ['weekly.csv', 'weekly.parquet']) {
      const out = join(dir, name)
      writeFileSync(out, 'the previous results\n')
      // A 16 KiB file-size limit makes the write fail with EFBIG after the first 16 KiB.
      const run = spawnSync(
        'bash',
        [
          '-c',
          `ulimit -f 16 && "${process.execPath}" src/cli/bin.ts data resample "${input}" --to 1d --out "${out}"`,
        ],
        { encoding: 'utf8' },
      )
      expect(run.status, run.stderr).toBe(1)
      expect(run.stderr).toBe(`error: ${out}: cannot write: file too large (EFBIG)\n`)
      expect(readFileSync(out, 'utf8')).toBe('the previous results\n')
    }
    expect(readdirSync(dir).sort()).toEqual(['sp500.csv', 'weekly.csv', 'weekly.parquet'])
  })

  it('in a directory that does not exist, or that is a directory, is a user error naming it', async () => {
    const missing = join(work, 'no-such-dir', 'rsi.csv')
    const run = await runCaptured(['indicators', 'compute', 'rsi', SP500, '--out', missing])
    expect(run.code).toBe(EXIT_USER_ERROR)
    expect(run.stderr).toBe(
      `error: ${missing}: cannot write: directory ${join(work, 'no-such-dir')} does not exist\n`,
    )
    const directory = await runCaptured(['indicators', 'compute', 'rsi', SP500, '--out', work])
    expect(directory.code).toBe(EXIT_USER_ERROR)
    expect(directory.stderr).toBe(`error: ${work}: cannot write: it is a directory\n`)
    const resample = await runCaptured(['data', 'resample', SP500, '--to', '1w', '--out', missing])
    expect(resample.stderr).toBe(
      `error: ${missing}: cannot write: directory ${join(work, 'no-such-dir')} does not exist\n`,
    )
  })

  it('for data generate must be a directory, not an existing file', async () => {
    const file = join(work, 'not-a-dir.csv')
    writeFileSync(file, 'keep me\n')
    const run = await runCaptured(['data', 'generate', '--assets', '1', '--bars', '10', '--out', file])
    expect(run.code).toBe(EXIT_USER_ERROR)
    expect(run.stderr).toBe(`error: --out: ${file} exists and is not a directory\n`)
    expect(readFileSync(file, 'utf8')).toBe('keep me\n')
  })
})
