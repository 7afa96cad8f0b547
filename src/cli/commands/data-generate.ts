import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type Command, Option } from 'commander'
import { writeFileAtomically } from '../../data/atomic-file.ts'
import { writeBarFile } from '../../data/bar-file.ts'
import { DEFAULT_START, simulateUniverse } from '../../data/simulator/index.ts'
import { type Interval, bucketStart, formatIso } from '../../domain/time.ts'
import { type CliIo, writeJson, writeLine } from '../io.ts'
import {
  LATEST_TIME_MS,
  parseIntegerOption,
  parseIntervalOption,
  parseTimeOption,
  usageError,
} from '../options.ts'
import { makeOutputDirectory } from '../output-path.ts'
import { startProgress } from '../progress.ts'

interface GenerateFlags {
  readonly assets: string
  readonly bars: string
  readonly seed: string
  readonly interval: string
  readonly start?: string
  readonly out: string
  readonly format: 'csv' | 'parquet'
  readonly json: boolean
}

export function registerDataGenerate(data: Command, io: CliIo): void {
  data
    .command('generate')
    .description(
      'Simulate a universe of correlated assets (regime-switching GBM with jumps and an intraday volume profile); the same seed gives the same bytes',
    )
    .option('--assets <n>', 'number of assets', '5')
    .option('--bars <n>', 'bars per asset', '1440')
    .option('--seed <n>', 'random seed (integer)', '1')
    .option('--interval <interval>', 'bar interval', '1m')
    .option('--start <time>', 'open time of the first bar (UTC), e.g. 2024-01-02T00:00:00Z')
    .option('--out <dir>', 'output directory', 'universe')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'parquet']).default('csv'))
    .option('--json', 'print the manifest as JSON', false)
    .addHelpText(
      'after',
      `
Writes one file per asset (SIM000.csv, SIM001.csv, …), regimes.csv (the regime of every bar:
calm, trending or turbulent — ground truth for the synchronisation indicators) and
manifest.json (the spec and a SHA-256 of every file).

Examples:
  tradepulse data generate --assets 6 --bars 4320 --seed 20240102 --out data/universe
  tradepulse data generate --assets 50 --bars 100000 --seed 7 --format parquet --out /tmp/big`,
    )
    .action(async (flags: GenerateFlags) => {
      const assets = parseIntegerOption('--assets', flags.assets, 1, 10_000)
      const bars = parseIntegerOption('--bars', flags.bars, 1, 100_000_000)
      const seed = parseIntegerOption('--seed', flags.seed, 0, 2 ** 32 - 1)
      const interval = parseIntervalOption('--interval', flags.interval)
      const start = flags.start === undefined ? undefined : parseTimeOption('--start', flags.start)
      checkSpan(start, bars, interval)
      const progress = startProgress(io, 'simulating', 'bars')
      const universe = (() => {
        try {
          return simulateUniverse({
            assets,
            bars,
            seed,
            interval,
            ...(start === undefined ? {} : { start }),
            onProgress: (done, total) => {
              progress.update(done, total)
            },
          })
        } finally {
          progress.stop()
        }
      })()
      await makeOutputDirectory('--out', flags.out)
      const files: { file: string; symbol: string; sha256: string }[] = []
      for (let i = 0; i < universe.symbols.length; i++) {
        const symbol = universe.symbols[i]!
        const file = `${symbol}.${flags.format}`
        await writeBarFile(universe.series[i]!, join(flags.out, file), { symbol })
        files.push({ file, symbol, sha256: await sha256Of(join(flags.out, file)) })
      }
      const regimeLines = ['open_time,regime']
      const openTime = universe.series[0]!.openTime
      for (let i = 0; i < universe.regimes.length; i++) {
        regimeLines.push(`${formatIso(openTime[i]!)},${universe.regimeNames[universe.regimes[i]!]!}`)
      }
      await writeFileAtomically(join(flags.out, 'regimes.csv'), `${regimeLines.join('\n')}\n`)
      files.push({ file: 'regimes.csv', symbol: '', sha256: await sha256Of(join(flags.out, 'regimes.csv')) })
      const regimeShare = Object.fromEntries(
        universe.regimeNames.map((name, r) => [
          name,
          universe.regimes.filter((x) => x === r).length / universe.regimes.length,
        ]),
      )
      const manifest = {
        generator: 'tradepulse data generate',
        spec: { assets, bars, seed, interval: interval.label, start: formatIso(openTime[0]!) },
        regimeShare,
        files,
      }
      await writeFileAtomically(join(flags.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
      if (flags.json) writeJson(io.stdout, manifest)
      else {
        writeLine(
          io.stdout,
          `${flags.out}: ${assets} assets × ${bars} bars of ${interval.label} (seed ${seed})`,
        )
        const share = Object.entries(regimeShare)
          .map(([name, x]) => `${name} ${(x * 100).toFixed(1)}%`)
          .join(', ')
        writeLine(io.stdout, `  regimes: ${share}`)
        for (const f of files) writeLine(io.stdout, `  ${f.file}  sha256 ${f.sha256.slice(0, 16)}…`)
      }
    })
}

async function sha256Of(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex')
}

/** What the simulator would refuse as a programming error, said to the user in terms of the options. */
function checkSpan(start: number | undefined, bars: number, interval: Interval): void {
  if (start !== undefined && bucketStart(start, interval) !== start) {
    throw usageError(
      '--start',
      `${formatIso(start)} is not on the ${interval.label} grid (bars open at whole multiples of ${interval.label} from 1970-01-01, weekly bars on Mondays); the bar holding it opens at ${formatIso(bucketStart(start, interval))}`,
    )
  }
  const first = start ?? bucketStart(DEFAULT_START, interval)
  if (first + bars * interval.ms > LATEST_TIME_MS) {
    throw usageError(
      '--bars',
      `${bars} bars of ${interval.label} from ${formatIso(first)} run past the latest time there is, ${formatIso(LATEST_TIME_MS)}`,
    )
  }
}
