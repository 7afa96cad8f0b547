import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { TradePulseError } from '../domain/errors.ts'
import { EXIT_BUG, EXIT_OK, EXIT_USER_ERROR, reportError } from './main.ts'
import { captureIo, runCaptured } from './testing/capture-io.ts'

const SP500 = 'data/sp500-2000.csv'
const work = mkdtempSync(join(tmpdir(), 'tradepulse-cli-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

function file(name: string, text: string): string {
  const path = join(work, name)
  writeFileSync(path, text)
  return path
}

describe('tradepulse --help', () => {
  it('lists the commands with examples and exits 0', async () => {
    const run = await runCaptured(['--help'])
    expect(run.code).toBe(EXIT_OK)
    expect(run.stdout).toContain('Examples:')
    const data = await runCaptured(['data', '--help'])
    for (const command of ['validate', 'resample', 'generate', 'info']) expect(data.stdout).toContain(command)
  })

  it('gives every data command its own help with examples', async () => {
    for (const command of ['validate', 'resample', 'generate', 'info']) {
      const run = await runCaptured(['data', command, '--help'])
      expect(run.code, command).toBe(EXIT_OK)
      expect(run.stdout, command).toContain('Examples:')
    }
  })

  it('refuses an unknown option with status 1 and a hint', async () => {
    const run = await runCaptured(['data', 'info', SP500, '--frobnicate'])
    expect(run.code).toBe(EXIT_USER_ERROR)
    expect(run.stderr).toContain("unknown option '--frobnicate'")
  })
})

describe('tradepulse data validate', () => {
  it('accepts the bundled S&P 500 file', async () => {
    const run = await runCaptured(['data', 'validate', SP500])
    expect(run.code).toBe(EXIT_OK)
    expect(run.stdout).toContain('5105 rows read, 5105 bars accepted')
    expect(run.stdout).toContain('OK: no problems found')
  })

  const broken = [
    'date,open,high,low,close,volume',
    '2024-01-02,10,11,9,10.5,100', // line 2: fine
    '2024-01-03,10.5,10,9,10.8,100', // line 3: high below the body
    '2024-01-04,10.8,11,9,10.9,-5', // line 4: negative volume
    '2024-01-04,10.9,11,9,10.9,5', // line 5: duplicate date
    '2024-01-05,abc,11,9,10.9,5', // line 6: not a number
    '2024-01-08,10.9,11,9,10.7,5', // line 7: fine (weekend gap is not a gap)
  ].join('\n')

  it('reports each problem of a broken file with its line, and fails under strict', async () => {
    const path = file('broken.csv', broken)
    const run = await runCaptured(['data', 'validate', path])
    expect(run.code).toBe(EXIT_USER_ERROR)
    for (const line of [3, 4, 5, 6]) expect(run.stdout).toMatch(new RegExp(`line ${line}:`))
    expect(run.stdout).not.toMatch(/line 2:|line 7:/)
    expect(run.stderr).toMatch(/^error: 4 problems found; the strict policy rejects this file/)
  })

  it('passes the same file under repair and says what it changed', async () => {
    const path = file('broken-repair.csv', broken)
    const run = await runCaptured(['data', 'validate', path, '--policy', 'repair'])
    expect(run.code).toBe(EXIT_OK)
    expect(run.stdout).toMatch(/line 3: high: .*\[fixed\]/)
    expect(run.stdout).toMatch(/line 4: volume: .*\[dropped-row\]/)
    expect(run.stdout).toContain('OK under repair')
  })

  it('prints the report as JSON', async () => {
    const run = await runCaptured([
      'data',
      'validate',
      file('broken-json.csv', broken),
      '--json',
      '--policy',
      'repair',
    ])
    const report = JSON.parse(run.stdout) as { ok: boolean; rowsRead: number; issues: { line: number }[] }
    expect(report.ok).toBe(true)
    expect(report.rowsRead).toBe(6)
    expect(report.issues.map((i) => i.line)).toEqual([3, 4, 5, 6])
  })

  it('names a missing file in one line with status 1', async () => {
    const run = await runCaptured(['data', 'validate', join(work, 'nope.csv')])
    expect(run.code).toBe(EXIT_USER_ERROR)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.stderr).toContain('nope.csv')
  })

  it('names a malformed option value', async () => {
    const run = await runCaptured(['data', 'validate', SP500, '--interval', '1M'])
    expect(run.code).toBe(EXIT_USER_ERROR)
    expect(run.stderr).toMatch(/^error: --interval: interval must look like/)
    const columns = await runCaptured(['data', 'validate', SP500, '--columns', 'price=Close'])
    expect(columns.stderr).toMatch(/--columns: expected ROLE=COLUMN/)
  })
})

describe('tradepulse data resample', () => {
  it('writes weekly bars and reports the week still forming', async () => {
    const out = join(work, 'weekly.csv')
    const run = await runCaptured(['data', 'resample', SP500, '--to', '1w', '--out', out])
    expect(run.code).toBe(EXIT_OK)
    expect(run.stdout).toMatch(/5105 bars of 1d → \d+ finished bars of 1w/)
    // 2020-04-17 is a Friday; the ISO week runs to Monday 2020-04-20, so it has not finished.
    expect(run.stdout).toContain('the 1w bucket opening 2020-04-13T00:00:00.000Z is still forming')
    const lines = readFileSync(out, 'utf8').trim().split('\n')
    expect(lines[1]).toMatch(/^2000-01-03,1469\.25/)
    expect(lines.at(-1)).toMatch(/^2020-04-06,/)
  })

  it('counts the last week as finished once the clock has passed it', async () => {
    const run = await runCaptured([
      'data',
      'resample',
      SP500,
      '--to',
      '1w',
      '--out',
      join(work, 'w.parquet'),
      '--as-of',
      '2020-04-20',
      '--json',
    ])
    const summary = JSON.parse(run.stdout) as { partial: unknown; barsOut: number }
    expect(summary.partial).toBeNull()
    const info = await runCaptured(['data', 'info', join(work, 'w.parquet'), '--json'])
    expect((JSON.parse(info.stdout) as { bars: number }).bars).toBe(summary.barsOut)
  })

  it('writes CSV to stdout and the account to stderr when there is no --out', async () => {
    const run = await runCaptured(['data', 'resample', SP500, '--to', '1w'])
    expect(run.stdout.split('\n')[0]).toMatch(/^time,open,high,low,close,volume|^date,/)
    expect(run.stderr).toContain('finished bars of 1w')
  })

  it('refuses a target finer than the source', async () => {
    const run = await runCaptured(['data', 'resample', SP500, '--to', '1h'])
    expect(run.code).toBe(EXIT_USER_ERROR)
    expect(run.stderr).toContain('cannot resample 1d bars to 1h')
  })
})

describe('tradepulse data generate', () => {
  it('gives the same bytes for the same seed, and other bytes for another', async () => {
    const args = ['data', 'generate', '--assets', '3', '--bars', '500', '--seed', '7']
    const a = join(work, 'a')
    const b = join(work, 'b')
    const c = join(work, 'c')
    expect((await runCaptured([...args, '--out', a])).code).toBe(EXIT_OK)
    await runCaptured([...args, '--out', b])
    await runCaptured(['data', 'generate', '--assets', '3', '--bars', '500', '--seed', '8', '--out', c])
    expect(readdirSync(a).sort()).toEqual([
      'SIM000.csv',
      'SIM001.csv',
      'SIM002.csv',
      'manifest.json',
      'regimes.csv',
    ])
    for (const name of readdirSync(a)) {
      expect(readFileSync(join(b, name)), name).toEqual(readFileSync(join(a, name)))
    }
    expect(readFileSync(join(c, 'SIM000.csv'))).not.toEqual(readFileSync(join(a, 'SIM000.csv')))
  })

  it('regenerates the bundled universe byte for byte', async () => {
    const out = join(work, 'universe')
    const manifest = JSON.parse(readFileSync('data/universe/manifest.json', 'utf8')) as {
      spec: { assets: number; bars: number; seed: number; interval: string; start: string }
    }
    const { assets, bars, seed, interval, start } = manifest.spec
    const run = await runCaptured([
      'data',
      'generate',
      '--assets',
      `${assets}`,
      '--bars',
      `${bars}`,
      '--seed',
      `${seed}`,
      '--interval',
      interval,
      '--start',
      start,
      '--out',
      out,
    ])
    expect(run.code).toBe(EXIT_OK)
    for (const name of readdirSync('data/universe')) {
      expect(readFileSync(join(out, name)).equals(readFileSync(join('data/universe', name))), name).toBe(true)
    }
  })

  it('writes Parquet on request, readable by the other commands', async () => {
    const out = join(work, 'pq')
    const run = await runCaptured([
      'data',
      'generate',
      '--assets',
      '2',
      '--bars',
      '120',
      '--seed',
      '1',
      '--format',
      'parquet',
      '--out',
      out,
      '--json',
    ])
    expect(JSON.parse(run.stdout)).toMatchObject({ spec: { assets: 2, bars: 120 } })
    const info = await runCaptured(['data', 'info', join(out, 'SIM001.parquet'), '--json'])
    expect(JSON.parse(info.stdout)).toMatchObject({ bars: 120, interval: '1m', format: 'parquet' })
  })

  it('refuses a start off the interval grid, and bars that run past the last time there is', async () => {
    const off = await runCaptured([
      'data',
      'generate',
      '--start',
      '2024-01-02T00:00:30Z',
      '--out',
      join(work, 'off'),
    ])
    expect(off.code).toBe(EXIT_USER_ERROR)
    expect(off.stderr).toBe(
      'error: --start: 2024-01-02T00:00:30.000Z is not on the 1m grid (bars open at whole multiples of 1m from 1970-01-01, weekly bars on Mondays); the bar holding it opens at 2024-01-02T00:00:00.000Z\n',
    )
    const weekly = await runCaptured([
      'data',
      'generate',
      '--interval',
      '1w',
      '--start',
      '2024-01-02',
      '--out',
      join(work, 'off'),
    ])
    expect(weekly.stderr).toContain('the bar holding it opens at 2024-01-01T00:00:00.000Z')
    const late = await runCaptured([
      'data',
      'generate',
      '--start',
      '275760-09-12',
      '--out',
      join(work, 'late'),
    ])
    expect(late.stderr).toContain('--start: not a date or time: "275760-09-12"')
    const edge = await runCaptured([
      'data',
      'generate',
      '--start',
      '8639999999940000',
      '--out',
      join(work, 'edge'),
    ])
    expect(edge.code).toBe(EXIT_USER_ERROR)
    expect(edge.stderr).toBe(
      'error: --bars: 1440 bars of 1m from +275760-09-12T23:59:00.000Z run past the latest time there is, +275760-09-13T00:00:00.000Z\n',
    )
    const huge = await runCaptured([
      'data',
      'generate',
      '--interval',
      '9007199254740991w',
      '--out',
      join(work, 'huge'),
    ])
    expect(huge.code).toBe(EXIT_USER_ERROR)
    expect(huge.stderr).toMatch(
      /^error: --bars: 1440 bars of 9007199254740991w from .* run past the latest time there is/,
    )
    expect(readdirSync(work)).not.toContain('edge')
  })

  it('rejects a non-integer asset count', async () => {
    const run = await runCaptured(['data', 'generate', '--assets', 'many'])
    expect(run.code).toBe(EXIT_USER_ERROR)
    expect(run.stderr).toContain('--assets: must be an integer from 1')
  })
})

describe('tradepulse data info', () => {
  it('summarises the S&P 500 with the 2008 drawdown and a chart', async () => {
    const run = await runCaptured(['data', 'info', SP500])
    expect(run.code).toBe(EXIT_OK)
    expect(run.stdout).toContain('5105 bars of 1d, 2000-01-03T00:00:00.000Z → 2020-04-17T00:00:00.000Z')
    expect(run.stdout).toMatch(
      /max drawdown: 5\d\.\d\d% \(peak 2007-10-09T00:00:00.000Z, trough 2009-03-09T00:00:00.000Z\)/,
    )
    expect(run.stdout).toMatch(/[⠀-⣿]/)
  })

  it('goes by content, not extension: reads CSV text named .dat, refuses a workbook and says what it is', async () => {
    const dat = await runCaptured(['data', 'info', file('bars.dat', readFileSync(SP500, 'utf8')), '--json'])
    expect(JSON.parse(dat.stdout)).toMatchObject({ format: 'csv', bars: 5105 })
    const workbook = file('bars.xlsx', 'PK\u0003\u0004\u0014\u0000')
    const run = await runCaptured(['data', 'info', workbook])
    expect(run.code).toBe(EXIT_USER_ERROR)
    expect(run.stderr).toBe(
      `error: ${workbook}: not a bar file: a zip archive (an .xlsx workbook is one); export the sheet as CSV\n`,
    )
  })
})

describe('exit status', () => {
  it('is 1 for a user error and 2 for a bug, with the stack only when verbose', () => {
    const user = captureIo()
    expect(reportError(new TradePulseError('CLI_USAGE', 'bad'), user.io, false)).toBe(EXIT_USER_ERROR)
    expect(user.stderr()).toBe('error: bad\n')
    const bug = captureIo()
    expect(reportError(new TypeError('boom'), bug.io, false)).toBe(EXIT_BUG)
    expect(bug.stderr()).toContain('internal error: boom')
    expect(bug.stderr()).toContain('--verbose')
    const verbose = captureIo()
    reportError(new TypeError('boom'), verbose.io, true)
    expect(verbose.stderr()).toMatch(/at .*cli\.test\.ts/)
  })

  it('comes from the real bin', () => {
    const ok = spawnSync(process.execPath, ['src/cli/bin.ts', '--version'], { encoding: 'utf8' })
    expect(ok.status).toBe(0)
    expect(ok.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
    const bad = spawnSync(process.execPath, ['bin/tradepulse.js', 'data', 'info', 'missing.csv'], {
      encoding: 'utf8',
    })
    expect(bad.status).toBe(1)
    expect(bad.stderr).toMatch(/^error: .*missing\.csv/)
  })

  it('ends quietly when the reader closes the pipe early', () => {
    const run = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" src/cli/bin.ts data resample ${SP500} --to 1w | head -n 1`],
      { encoding: 'utf8' },
    )
    expect(run.stdout).toBe('date,open,high,low,close,volume\n')
    expect(run.stderr).not.toContain('EPIPE')
  })
})
