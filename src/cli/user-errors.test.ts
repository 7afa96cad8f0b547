/**
 * Every command, walked with the mistakes people make: paths that are missing, directories,
 * unreadable, empty, FIFOs or binary; numbers, dates, intervals and JSON that do not parse or are
 * out of range; unknown options and commands. Each must end with status 1 (never 2, which means a
 * bug) and exactly one line on stderr that names what is at fault.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { execFileSync, spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EXIT_USER_ERROR } from './main.ts'
import { runCaptured } from './testing/capture-io.ts'

const SP500 = 'data/sp500-2000.csv'
const work = mkdtempSync(join(tmpdir(), 'tradepulse-user-errors-'))
afterAll(() => {
  chmodSync(join(work, 'unreadable.csv'), 0o644)
  rmSync(work, { recursive: true, force: true })
})

function file(name: string, content: string | Uint8Array): string {
  const path = join(work, name)
  writeFileSync(path, content)
  return path
}

const missing = join(work, 'missing.csv')
const directory = join(work, 'a-directory')
mkdirSync(directory)
const emptyDirectory = join(work, 'empty-directory')
mkdirSync(emptyDirectory)
const sideFilesOnly = join(work, 'side-files')
mkdirSync(sideFilesOnly)
writeFileSync(join(sideFilesOnly, 'regimes.csv'), 'open_time,regime\n2024-01-02T00:00:00.000Z,calm\n')
const empty = file('empty.csv', '')
const headerOnly = file('header-only.csv', 'date,open,high,low,close,volume\n')
const unreadable = file('unreadable.csv', 'date,open,high,low,close\n2024-01-02,1,2,0,1\n')
chmodSync(unreadable, 0o000)
const binary = file(
  'binary.csv',
  Uint8Array.from({ length: 512 }, (_, i) => (i * 131 + 7) % 256),
)
const truncatedParquet = file('cut.parquet', 'PAR1\u0015\u0004\u0015\u0000')
const fifo = join(work, 'pipe.csv')
execFileSync('mkfifo', [fifo])
const input = join(work, 'input.csv')
copyFileSync(SP500, input)
const shortBenchmark = file('short.csv', 'date,open,high,low,close\n2024-01-02,1,2,0,1\n2024-01-03,1,2,0,1\n')
const existingFile = file('existing.txt', 'keep\n')
// Where a generate case would write if it wrongly went ahead, rather than ./universe.
const generated = join(work, 'generated')
const broken = file('broken.csv', 'date,open,high,low,close\n2024-01-02,1,2,0,1\n2024-01-03,1,0.5,0,1\n')
// Root reads any file whatever its mode: run as root, the unreadable case is tried in a child
// without the capabilities that override file modes (still root, so it can read the project).
const runsAsRoot = process.getuid?.() === 0
chmodSync(work, 0o755)

/** [what is tried, argv, text the one line must contain] */
type Case = readonly [string, readonly string[], string]

const pathCases = (command: readonly string[], after: readonly string[] = []): Case[] => [
  ['a missing file', [...command, missing, ...after], `${missing}: cannot read: no such file`],
  ['a directory', [...command, directory, ...after], `${directory}: cannot read: it is a directory`],
  ['an empty file', [...command, empty, ...after], `${empty}: the file is empty`],
  ['a header and no rows', [...command, headerOnly, ...after], headerOnly],
  ['a FIFO', [...command, fifo, ...after], `${fifo}: cannot read: not a regular file (a FIFO)`],
  ['binary data', [...command, binary, ...after], `${binary}: not a bar file: binary data`],
  [
    'a truncated Parquet file',
    [...command, truncatedParquet, ...after],
    `${truncatedParquet}: starts like Parquet`,
  ],
  ...(runsAsRoot
    ? []
    : [
        [
          'an unreadable file',
          [...command, unreadable, ...after],
          `${unreadable}: cannot read: permission denied`,
        ] as const,
      ]),
]

const CASES: Record<string, Case[]> = {
  'the command line': [
    ['an unknown command', ['frobnicate'], "unknown command 'frobnicate'"],
    ['an unknown subcommand', ['data', 'frobnicate'], "unknown command 'frobnicate'"],
    ['an unknown option', ['data', 'info', SP500, '--frobnicate'], "unknown option '--frobnicate'"],
    ['a near-miss option', ['data', 'info', SP500, '--jsn'], "unknown option '--jsn'"],
    ['a missing argument', ['data', 'validate'], "missing required argument 'file'"],
    ['too many arguments', ['data', 'info', SP500, SP500], 'too many arguments'],
    [
      'a missing option value',
      ['data', 'resample', SP500, '--to'],
      "option '--to <interval>' argument missing",
    ],
    [
      'a missing required option',
      ['data', 'resample', SP500],
      "required option '--to <interval>' not specified",
    ],
    ['a choice not offered', ['data', 'validate', SP500, '--policy', 'lenient'], "'lenient' is invalid"],
  ],
  'data validate': [
    ...pathCases(['data', 'validate']),
    [
      'a negative --max-issues',
      ['data', 'validate', SP500, '--max-issues', '-1'],
      '--max-issues: must be an integer',
    ],
    [
      'a word for --max-issues',
      ['data', 'validate', SP500, '--max-issues', 'many'],
      '--max-issues: must be an integer',
    ],
    [
      'a month interval',
      ['data', 'validate', SP500, '--interval', '1M'],
      '--interval: interval must look like',
    ],
    [
      'a malformed column mapping',
      ['data', 'validate', SP500, '--columns', 'price=Close'],
      '--columns: expected ROLE=COLUMN',
    ],
    ['a mapping to no column', ['data', 'validate', SP500, '--columns', 'close=Last'], 'Last'],
    ['a bad delimiter', ['data', 'validate', SP500, '--delimiter', '|'], "'|' is invalid"],
    [
      'a broken file under strict',
      ['data', 'validate', broken],
      '1 problem found; the strict policy rejects this file',
    ],
  ],
  'data info': [
    ...pathCases(['data', 'info']),
    ['a zero interval', ['data', 'info', SP500, '--interval', '0d'], '--interval: interval must look like'],
  ],
  'data resample': [
    ...pathCases(['data', 'resample'], ['--to', '1w']),
    ['a finer target', ['data', 'resample', SP500, '--to', '1h'], 'cannot resample 1d bars to 1h'],
    [
      'a target that is not an interval',
      ['data', 'resample', SP500, '--to', 'weekly'],
      '--to: interval must look like',
    ],
    [
      'a word for --as-of',
      ['data', 'resample', SP500, '--to', '1w', '--as-of', 'yesterday'],
      '--as-of: not a date or time: "yesterday"',
    ],
    [
      'an impossible date',
      ['data', 'resample', SP500, '--to', '1w', '--as-of', '2024-02-30'],
      '--as-of: not a date or time: "2024-02-30"',
    ],
    [
      'a time past the last one',
      ['data', 'resample', SP500, '--to', '1w', '--as-of', '9999999999999999'],
      '--as-of: 9999999999999999 is after the latest time',
    ],
    [
      'an output over the input',
      ['data', 'resample', input, '--to', '1w', '--out', input],
      `--out: ${input} is the input file`,
    ],
    [
      'an output in a missing directory',
      ['data', 'resample', SP500, '--to', '1w', '--out', join(missing, 'w.csv')],
      `directory ${missing} does not exist`,
    ],
    [
      'an output that is a directory',
      ['data', 'resample', SP500, '--to', '1w', '--out', directory],
      `${directory}: cannot write: it is a directory`,
    ],
    [
      'an output format not written',
      ['data', 'resample', SP500, '--to', '1w', '--out', join(work, 'w.json')],
      'cannot tell the format of',
    ],
  ],
  'data generate': [
    [
      'no assets',
      ['data', 'generate', '--out', generated, '--assets', '0'],
      '--assets: must be an integer from 1',
    ],
    [
      'a fraction of bars',
      ['data', 'generate', '--out', generated, '--bars', '1.5'],
      '--bars: must be an integer from 1',
    ],
    [
      'a negative seed',
      ['data', 'generate', '--out', generated, '--seed', '-1'],
      '--seed: must be an integer from 0',
    ],
    [
      'a seed too large',
      ['data', 'generate', '--out', generated, '--seed', '4294967296'],
      '--seed: must be an integer from 0',
    ],
    [
      'a month interval',
      ['data', 'generate', '--out', generated, '--interval', '1M'],
      '--interval: interval must look like',
    ],
    [
      'a start that is not a date',
      ['data', 'generate', '--out', generated, '--start', '2024-01-02T09:30:00+25:00'],
      '--start: not a date or time',
    ],
    [
      'a start off the grid',
      ['data', 'generate', '--out', generated, '--interval', '1h', '--start', '2024-01-02T09:30:00Z'],
      '--start: 2024-01-02T09:30:00.000Z is not on the 1h grid',
    ],
    [
      'a start past the last time',
      ['data', 'generate', '--out', generated, '--start', '9999999999999999'],
      '--start: 9999999999999999 is after the latest time',
    ],
    [
      'bars past the last time',
      ['data', 'generate', '--out', generated, '--start', '8639999999990000', '--interval', '1s'],
      '--bars: 1440 bars of 1s from',
    ],
    [
      'a format not written',
      ['data', 'generate', '--out', generated, '--format', 'xlsx'],
      "'xlsx' is invalid",
    ],
    [
      'an output that is a file',
      ['data', 'generate', '--assets', '1', '--bars', '5', '--out', existingFile],
      `--out: ${existingFile} exists and is not a directory`,
    ],
    [
      'an output under a file',
      ['data', 'generate', '--assets', '1', '--bars', '5', '--out', join(existingFile, 'u')],
      `${join(existingFile, 'u')}: cannot make the directory: a parent in the path is not a directory`,
    ],
  ],
  'indicators compute': [
    ...pathCases(['indicators', 'compute', 'sma']),
    ...pathCases(['indicators', 'compute', 'beta', SP500, '--benchmark']),
    ['an unknown indicator', ['indicators', 'compute', 'nope', SP500], 'no indicator named "nope"'],
    [
      'parameters that are not JSON',
      ['indicators', 'compute', 'ema', SP500, '--params', '{period: 1}'],
      '--params: not JSON',
    ],
    [
      'parameters that are not an object',
      ['indicators', 'compute', 'ema', SP500, '--params', 'null'],
      '--params: must be a JSON object',
    ],
    [
      'a parameter out of range',
      ['indicators', 'compute', 'ema', SP500, '--params', '{"period": 0}'],
      'ema.period',
    ],
    [
      'a parameter of the wrong type',
      ['indicators', 'compute', 'ema', SP500, '--params', '{"period": "ten"}'],
      'ema.period',
    ],
    ['an unknown parameter', ['indicators', 'compute', 'ema', SP500, '--params', '{"perod": 10}'], 'perod'],
    [
      'an unknown field',
      ['indicators', 'compute', 'ema', SP500, '--field', 'vwap'],
      '--field: must be one of',
    ],
    [
      'a negative tail',
      ['indicators', 'compute', 'ema', SP500, '--tail', '-1'],
      '--tail: must be a whole number',
    ],
    [
      'a word for tail',
      ['indicators', 'compute', 'ema', SP500, '--tail', 'all'],
      '--tail: must be a whole number',
    ],
    [
      'a benchmark that is needed',
      ['indicators', 'compute', 'beta', SP500],
      '--benchmark: beta needs a benchmark series',
    ],
    [
      'a benchmark of other bars',
      ['indicators', 'compute', 'beta', SP500, '--benchmark', shortBenchmark],
      'benchmark',
    ],
    [
      'an output over the input',
      ['indicators', 'compute', 'sma', input, '--out', input],
      `--out: ${input} is the input file`,
    ],
    [
      'an output in a missing directory',
      ['indicators', 'compute', 'sma', SP500, '--out', join(missing, 'x.csv')],
      `directory ${missing} does not exist`,
    ],
    [
      'an output that is a directory',
      ['indicators', 'compute', 'sma', SP500, '--out', directory],
      `${directory}: cannot write: it is a directory`,
    ],
  ],
  analyze: [
    ...pathCases(['analyze']).filter(([what]) => what !== 'a directory' && what !== 'a missing file'),
    ['a missing path', ['analyze', missing], `${missing}: no such file or directory`],
    [
      'a directory with no bar files',
      ['analyze', emptyDirectory],
      `${emptyDirectory}: no bar files in the directory`,
    ],
    [
      'a directory of side files only',
      ['analyze', sideFilesOnly],
      `${sideFilesOnly}: no bar files in the directory`,
    ],
    ['a window too small', ['analyze', SP500, '--window', '5'], '--window: must be an integer from 20'],
    ['a word for the window', ['analyze', SP500, '--window', 'wide'], '--window: must be an integer from 20'],
  ],
  'indicators list': [['an unknown option', ['indicators', 'list', '--all'], "unknown option '--all'"]],
  backtest: [
    // --data takes a directory too (one instrument per file), so those two read as for analyze.
    ...pathCases(['backtest', '--strategy', 'ma-crossover', '--out', join(work, 'runs'), '--data']).filter(
      ([what]) => what !== 'a missing file' && what !== 'a directory',
    ),
    [
      'a missing file',
      ['backtest', '--strategy', 'regime', '--data', missing],
      `${missing}: no such file or directory`,
    ],
    [
      'a directory without bar files',
      ['backtest', '--strategy', 'regime', '--data', directory],
      `${directory}: no bar files in the directory`,
    ],
    [
      'an unknown strategy',
      ['backtest', '--strategy', 'nope', '--data', SP500],
      '"nope" is neither a built-in strategy',
    ],
    [
      'a missing strategy file',
      ['backtest', '--strategy', './nope.ts', '--data', SP500],
      'nope.ts does not exist',
    ],
    [
      'parameters that are not JSON',
      ['backtest', '--strategy', 'regime', '--data', SP500, '--params', '{bad'],
      '--params: not JSON',
    ],
    [
      'parameters that break the strategy’s rule',
      ['backtest', '--strategy', 'ma-crossover', '--data', SP500, '--params', '{"fast": 50, "slow": 10}'],
      'ma-crossover.fast: fast must be below slow',
    ],
    [
      'a missing configuration',
      ['backtest', '--strategy', 'regime', '--data', SP500, '--config', missing],
      'cannot read the configuration',
    ],
    [
      'a configuration field it does not know',
      [
        'backtest',
        '--strategy',
        'regime',
        '--data',
        SP500,
        '--config',
        file('bad-config.json', '{"slipage": {}}'),
      ],
      '--config',
    ],
    ['a missing --strategy', ['backtest', '--data', SP500], "required option '--strategy"],
  ],
}

describe('every user error exits 1 with one line naming what is at fault', () => {
  for (const [command, cases] of Object.entries(CASES)) {
    describe(command, () => {
      it.each(cases)('%s', async (_what, argv, fault) => {
        const run = await runCaptured(argv)
        expect(run.code, run.stderr).toBe(EXIT_USER_ERROR)
        const lines = run.stderr.split('\n')
        expect(lines.at(-1), 'stderr ends with a line end').toBe('')
        expect(lines.slice(0, -1), run.stderr).toHaveLength(1)
        expect(lines[0]).toMatch(/^error: /)
        expect(lines[0]).toContain(fault)
      })
    })
  }

  it('left nothing behind from a refused data generate', () => {
    expect(existsSync(generated)).toBe(false)
  })
})

describe.runIf(runsAsRoot)('an unreadable file, tried without the power to override file modes', () => {
  it('is a one-line user error in every command that reads bars', () => {
    const commands = [['data', 'validate'], ['data', 'info'], ['indicators', 'compute', 'sma'], ['analyze']]
    for (const command of commands) {
      const run = spawnSync(
        'setpriv',
        [
          '--bounding-set=-dac_override,-dac_read_search',
          process.execPath,
          'src/cli/bin.ts',
          ...command,
          unreadable,
        ],
        { encoding: 'utf8' },
      )
      expect(run.status, `${command.join(' ')}: ${run.stderr}`).toBe(EXIT_USER_ERROR)
      expect(run.stderr).toBe(`error: ${unreadable}: cannot read: permission denied\n`)
    }
  })
})
