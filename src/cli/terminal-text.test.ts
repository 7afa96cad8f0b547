import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { EXIT_USER_ERROR } from './main.ts'
import { escapeForTerminal, escapeJsonForTerminal } from './terminal-text.ts'
import { runCaptured } from './testing/capture-io.ts'

const work = mkdtempSync(join(tmpdir(), 'tradepulse-terminal-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

/** What a terminal would act on rather than show: C0 but line feed, DEL, C1, bidi controls, separators. */
// eslint-disable-next-line no-control-regex
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/

const ESC = '\u001b'
const RLO = '\u202e'

describe('escapeForTerminal', () => {
  it('shows escape sequences, bells and carriage returns as visible escapes', () => {
    expect(escapeForTerminal(`op${ESC}[31men`)).toBe('op\\x1b[31men')
    expect(escapeForTerminal(`${ESC}]0;owned\u0007`)).toBe('\\x1b]0;owned\\x07')
    expect(escapeForTerminal('a\tb\r\nc\u0000')).toBe('a\\tb\\r\\nc\\x00')
    expect(escapeForTerminal('\u007f\u0080\u009b')).toBe('\\x7f\\x80\\x9b')
  })

  it('shows bidi overrides and line separators as \\u escapes', () => {
    expect(escapeForTerminal(`invoice${RLO}fdp.csv`)).toBe('invoice\\u202efdp.csv')
    expect(escapeForTerminal('\u061c\u200e\u200f\u202a\u2066\u2069\u2028\u2029')).toBe(
      '\\u061c\\u200e\\u200f\\u202a\\u2066\\u2069\\u2028\\u2029',
    )
  })

  it('keeps text of any script, symbols, box drawing and Braille as they are', () => {
    for (const text of ['Дата', '日付,終値', 'Schlusskurs €', 'Δentropy', '4 ┤⡠⠊', 'C:\\data\\x.csv', '🙂'])
      expect(escapeForTerminal(text), text).toBe(text)
  })

  it('leaves nothing a terminal would act on, changes nothing else, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const escaped = escapeForTerminal(text)
        expect(ACTIVE.test(escaped) || escaped.includes('\n')).toBe(false)
        expect(escapeForTerminal(escaped)).toBe(escaped)
        if (!ACTIVE.test(text) && !text.includes('\n')) expect(escaped).toBe(text)
      }),
    )
  })
})

describe('escapeJsonForTerminal', () => {
  it('writes the characters JSON leaves raw as \\u escapes, so the document reads back the same', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const json = escapeJsonForTerminal(JSON.stringify({ text }, null, 2))
        expect(ACTIVE.test(json)).toBe(false)
        expect(JSON.parse(json)).toEqual({ text })
      }),
    )
    expect(escapeJsonForTerminal(JSON.stringify(`a${RLO}b\u0085`))).toBe('"a\\u202eb\\u0085"')
  })
})

describe('what the CLI prints', () => {
  function file(name: string, text: string): string {
    const path = join(work, name)
    writeFileSync(path, text)
    return path
  }

  it('escapes a hostile header in the error line and keeps it one line', async () => {
    const path = file('hostile-header.csv', `date,op${ESC}[31men\u0007,high,low,close\n2024-01-02,1,2,0,1\n`)
    const run = await runCaptured(['data', 'validate', path])
    expect(run.code).toBe(EXIT_USER_ERROR)
    expect(run.stderr).toBe(
      `error: ${path}: no open column: the header is date, op\\x1b[31men\\x07, high, low, close; name the columns with a mapping such as time=Date,close=Last\n`,
    )
  })

  it('escapes a file name that carries a bidi override or an escape sequence', async () => {
    const missing = join(work, `report${RLO}vsc.exe`)
    const run = await runCaptured(['data', 'info', missing])
    expect(run.code).toBe(EXIT_USER_ERROR)
    expect(run.stderr).not.toMatch(ACTIVE)
    expect(run.stderr).toContain(`report\\u202evsc.exe`)
    const clear = await runCaptured(['data', 'info', join(work, `x${ESC}[2J.csv`)])
    expect(clear.stderr).toContain('x\\x1b[2J.csv')
    expect(clear.stderr).not.toMatch(ACTIVE)
  })

  it('escapes an unknown option quoted by the command-line parser', async () => {
    const run = await runCaptured(['data', 'info', 'x.csv', `--ev${ESC}[8mil`])
    expect(run.code).toBe(EXIT_USER_ERROR)
    expect(run.stderr).toContain("unknown option '--ev\\x1b[8mil'")
    expect(run.stderr).not.toMatch(ACTIVE)
  })

  it('escapes a hostile file name in a report, in text and in JSON', async () => {
    const path = file(`bars${ESC}[31m${RLO}.csv`, 'date,open,high,low,close\n2024-01-02,1,2,0,1\n')
    const run = await runCaptured(['data', 'validate', path])
    expect(run.stdout.split('\n')[0]).toBe(
      `${join(work, 'bars\\x1b[31m\\u202e.csv')}: 1 rows read, 1 bars accepted`,
    )
    expect(run.stdout).not.toMatch(ACTIVE)
    const json = await runCaptured(['data', 'validate', path, '--json'])
    expect(json.stdout).not.toMatch(ACTIVE)
    expect((JSON.parse(json.stdout) as { file: string }).file).toBe(path)
  })

  it('lets no control character from a cell through, whatever the decoding', async () => {
    const cell = Buffer.from([0x31, 0x9b, 0x33, 0x31, 0x6d, 0xe2, 0x80, 0xae, 0x32]) // 1, CSI 31m, RLO, 2
    const path = join(work, 'hostile-cell.csv')
    writeFileSync(
      path,
      Buffer.concat([
        Buffer.from('date,open,high,low,close\n2024-01-02,1,2,0,1\n2024-01-03,'),
        cell,
        Buffer.from(',2,0,1\n'),
      ]),
    )
    const run = await runCaptured(['data', 'validate', path, '--policy', 'repair'])
    expect(run.stdout).toMatch(/line 3: open: open "1.*2" is not a number \[dropped-row\]/)
    expect(run.stdout).not.toMatch(ACTIVE)
    const json = await runCaptured(['data', 'validate', path, '--policy', 'repair', '--json'])
    expect(json.stdout).not.toMatch(ACTIVE)
    expect((JSON.parse(json.stdout) as { issues: { line: number }[] }).issues.map((i) => i.line)).toEqual([3])
  })

  it('keeps Cyrillic and Greek text as it is', async () => {
    const path = file('Дата.csv', 'date,open,high,low,close\n2024-01-02,1,2,0,1\n')
    expect((await runCaptured(['data', 'validate', path])).stdout).toContain('/Дата.csv: 1 rows read')
    const greek = file('greek.csv', 'date,open,high,low,Ωμέγα\n2024-01-02,1,2,0,1\n')
    const run = await runCaptured(['data', 'validate', greek])
    expect(run.code).toBe(EXIT_USER_ERROR)
    expect(run.stderr).toContain('Ωμέγα')
  })

  it('escapes an asset name in the analyze table before padding it, so the columns stay aligned', async () => {
    const universe = join(work, 'universe')
    mkdirSync(universe)
    copyFileSync('data/universe/SIM000.csv', join(universe, `A${ESC}[2J.csv`))
    const run = await runCaptured(['analyze', universe, '--no-chart'])
    const lines = run.stdout.split('\n')
    const header = lines.findIndex((line) => line.startsWith('asset '))
    expect(lines[header + 1]?.slice(0, 15)).toBe('A\\x1b[2J.csv   ')
    expect(run.stdout).not.toMatch(ACTIVE)
  })

  it('shows no escape in the ordinary output of any command: our own line breaks stay line breaks', async () => {
    const out = join(work, 'rsi.csv')
    const runs = [
      ['--help'],
      ['indicators', 'list'],
      ['indicators', 'compute', 'rsi', 'data/sp500-2000.csv', '--out', out],
      ['data', 'info', 'data/sp500-2000.csv'],
      ['data', 'validate', 'data/sp500-2000.csv'],
    ]
    for (const argv of runs) {
      const run = await runCaptured(argv)
      expect(run.stdout + run.stderr, argv.join(' ')).not.toMatch(/\\[xtnru]/)
    }
  })
})
