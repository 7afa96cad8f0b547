/**
 * CSV ingestion benchmark: our reader against csv-parse on the same file, in the same run.
 *
 * The file is a deterministic series of one-minute bars (ISO timestamps, four-decimal prices from a
 * random walk, integer volumes), generated once per row count under `.bench/` (gitignored). Each
 * reader is warmed up on a 100,000-row file, then timed over several repetitions on the big one;
 * the table shows the best and the median. Both csv-parse variants receive the same work as
 * ours: every field becomes a number (timestamps via `Date.parse`) and every row is appended to a
 * `BarSeriesBuilder`. They validate nothing; ours checks every row.
 *
 * Memory is measured in a fresh process per reader (`bench/run.ts --probe ingest …`), so each
 * figure is that reader's own peak resident set, not the leftovers of the runs before it.
 */
import { once } from 'node:events'
import { createReadStream, createWriteStream, readFileSync } from 'node:fs'
import { mkdir, rename, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import { parse } from 'csv-parse'
import { BarSeriesBuilder } from '../src/data/bar-series-builder.ts'
import { readBarsCsv, validateBarsCsv } from '../src/data/csv/index.ts'
import { formatIso } from '../src/domain/time.ts'
import type { BenchSuite } from './run.ts'

export const BENCH_DIR = '.bench'
const WARM_UP_ROWS = 100_000
const MINUTE = 60_000

export interface BenchResult {
  readonly name: string
  readonly rows: number
  readonly bestMs: number
  readonly medianMs: number
  /** Rows per second of the best repetition. */
  readonly rowsPerSecond: number
  readonly medianRowsPerSecond: number
}

export interface MemoryResult {
  readonly name: string
  /** Resident set of the process before reading. */
  readonly baselineRssMiB: number
  /** Peak resident set while reading: Linux's VmHWM, or the largest RSS sampled every 2 ms. */
  readonly peakRssMiB: number
  /** V8 heap in use at the end, with the result still referenced. */
  readonly heapUsedMiB: number
  /** The typed arrays of the result (not on the V8 heap). */
  readonly arrayBuffersMiB: number
}

export interface IngestBenchReport {
  readonly file: string
  readonly bytes: number
  readonly rows: number
  readonly results: readonly BenchResult[]
  /** Our `readBarsCsv` rows/s over the faster csv-parse variant's, best against best. */
  readonly ratio: number
  readonly memory: readonly MemoryResult[]
}

export interface IngestBenchOptions {
  readonly rows: number
  readonly repetitions?: number
  readonly log?: (line: string) => void
  /** Runs `bench/run.ts --probe ingest <reader> <file>` in a fresh process; omitted: no memory figures. */
  readonly probe?: (args: readonly string[]) => Promise<unknown>
}

type Reader = (file: string) => Promise<number>

const READERS: Readonly<Record<string, Reader>> = {
  'tradepulse readBarsCsv': async (file) => (await readBarsCsv(file)).series.length,
  'tradepulse validateBarsCsv': async (file) => (await validateBarsCsv(file)).rowsRead,
  'csv-parse + Number()': (file) => csvParse(file, false),
  'csv-parse cast: true': (file) => csvParse(file, true),
}
const OURS = 'tradepulse readBarsCsv'
const THEIRS = ['csv-parse + Number()', 'csv-parse cast: true']

/** csv-parse's streaming API on a file read stream; every field to a number, every row into a builder. */
function csvParse(file: string, cast: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const builder = new BarSeriesBuilder()
    const parser = createReadStream(file).pipe(parse({ from_line: 2, cast }))
    parser.on('data', (record: (string | number)[]) => {
      const t = Date.parse(record[0] as string)
      builder.push(
        t,
        t + MINUTE,
        Number(record[1]),
        Number(record[2]),
        Number(record[3]),
        Number(record[4]),
        Number(record[5]),
      )
    })
    parser.on('error', reject)
    parser.on('end', () => {
      resolve(builder.length)
    })
  })
}

export async function runIngestBench(options: IngestBenchOptions): Promise<IngestBenchReport> {
  const log = options.log ?? ((): void => undefined)
  const repetitions = options.repetitions ?? (options.rows > 2_000_000 ? 3 : 5)
  const file = await benchFile(options.rows, log)
  const warmUp = await benchFile(WARM_UP_ROWS, log)
  const results: BenchResult[] = []
  for (const [name, read] of Object.entries(READERS)) {
    log(`${name}: warm-up`)
    await read(warmUp)
    const times: number[] = []
    let rows = 0
    for (let k = 0; k < repetitions; k++) {
      const start = performance.now()
      rows = await read(file)
      times.push(performance.now() - start)
      log(`${name}: run ${k + 1}/${repetitions}: ${(times.at(-1)! / 1000).toFixed(2)} s`)
    }
    if (rows !== options.rows) throw new Error(`${name} read ${rows} rows of ${options.rows}`)
    times.sort((a, b) => a - b)
    const bestMs = times[0]!
    const medianMs = times[Math.floor(times.length / 2)]!
    results.push({
      name,
      rows,
      bestMs,
      medianMs,
      rowsPerSecond: (rows / bestMs) * 1000,
      medianRowsPerSecond: (rows / medianMs) * 1000,
    })
  }
  const ours = results.find((r) => r.name === OURS)!
  const theirs = Math.max(...results.filter((r) => THEIRS.includes(r.name)).map((r) => r.rowsPerSecond))
  const memory: MemoryResult[] = []
  if (options.probe !== undefined) {
    for (const name of Object.keys(READERS)) {
      log(`${name}: memory, in a fresh process`)
      memory.push({ ...((await options.probe([name, file])) as Omit<MemoryResult, 'name'>), name })
    }
  }
  return {
    file,
    bytes: (await stat(file)).size,
    rows: options.rows,
    results,
    ratio: ours.rowsPerSecond / theirs,
    memory,
  }
}

/** Child-process side of the memory figures: read once, report this process's peak. */
export async function probeIngest(args: readonly string[]): Promise<Omit<MemoryResult, 'name'>> {
  const [name, file] = args
  const read = name === undefined ? undefined : READERS[name]
  if (read === undefined || file === undefined)
    throw new Error(`usage: --probe ingest <${Object.keys(READERS).join('|')}> <file>`)
  const baseline = process.memoryUsage.rss()
  // Sampled between chunks (both readers yield to the event loop on every read). getrusage's
  // ru_maxrss is no use here: Linux carries it over from the parent through fork and exec.
  let sampled = baseline
  const sampler = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage.rss())
  }, 2)
  // Our reader's series is held while measuring, so its columns count; the others keep nothing.
  const held = name === OURS ? await readBarsCsv(file) : await read(file)
  clearInterval(sampler)
  const usage = process.memoryUsage()
  sampled = Math.max(sampled, usage.rss)
  const mib = (bytes: number): number => bytes / 2 ** 20
  if (held === 0) throw new Error(`${name} read nothing from ${file}`)
  return {
    baselineRssMiB: mib(baseline),
    peakRssMiB: mib(Math.max(sampled, highWaterMark() ?? 0)),
    heapUsedMiB: mib(usage.heapUsed),
    arrayBuffersMiB: mib(usage.arrayBuffers),
  }
}

/** The kernel's peak resident set of this process (Linux `VmHWM`, reset by exec), or null elsewhere. */
function highWaterMark(): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))
    return match === null ? null : Number(match[1]) * 1024
  } catch {
    return null
  }
}

/** Path of the benchmark file of `rows` bars, generated if it is not there yet. */
export async function benchFile(rows: number, log: (line: string) => void): Promise<string> {
  const path = join(BENCH_DIR, `bars-v1-${rows}.csv`)
  try {
    if ((await stat(path)).size > 0) return path
  } catch {
    // not generated yet
  }
  await mkdir(BENCH_DIR, { recursive: true })
  log(`generating ${path} (${rows.toLocaleString('en-US')} rows)`)
  const partial = `${path}.partial`
  const out = createWriteStream(partial)
  let state = 0x2545f491
  const random = (): number => {
    // xorshift32: deterministic, so every run reads the same bytes
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 2 ** 32
  }
  let price = 100
  let t = Date.UTC(2020, 0, 1)
  let block = 'time,open,high,low,close,volume\n'
  for (let i = 0; i < rows; i++) {
    const open = price
    const close = Math.max(1, open * (1 + (random() - 0.5) * 0.002))
    const high = Math.max(open, close) * (1 + random() * 0.0005)
    const low = Math.min(open, close) * (1 - random() * 0.0005)
    block += `${formatIso(t)},${open.toFixed(4)},${high.toFixed(4)},${low.toFixed(4)},${close.toFixed(4)},${Math.floor(random() * 10_000)}\n`
    price = Number(close.toFixed(4))
    t += MINUTE
    if (block.length > 1 << 20) {
      if (!out.write(block)) await once(out, 'drain')
      block = ''
    }
  }
  out.end(block)
  await finished(out)
  await rename(partial, path)
  return path
}

function formatRate(rowsPerSecond: number): string {
  return `${(rowsPerSecond / 1e6).toFixed(2)} M`
}

export const ingestSuite: BenchSuite = {
  name: 'ingest',
  description: 'CSV ingestion: readBarsCsv and validateBarsCsv against csv-parse',
  async run({ rows, repetitions, log, probe }) {
    const report = await runIngestBench({
      rows,
      log,
      probe: (args) => probe('ingest', args),
      ...(repetitions === undefined ? {} : { repetitions }),
    })
    const lines = [
      `CSV ingestion: ${report.rows.toLocaleString('en-US')} rows, ${(report.bytes / 2 ** 20).toFixed(0)} MiB (${report.file})`,
      '',
      ...table(
        ['reader', 'rows/s best', 'rows/s median', 'best', 'median'],
        report.results.map((r) => [
          r.name,
          formatRate(r.rowsPerSecond),
          formatRate(r.medianRowsPerSecond),
          `${(r.bestMs / 1000).toFixed(2)} s`,
          `${(r.medianMs / 1000).toFixed(2)} s`,
        ]),
      ),
      '',
      `ours / csv-parse (readBarsCsv against the faster csv-parse variant, best against best): ${report.ratio.toFixed(1)}×`,
    ]
    if (report.memory.length > 0) {
      const columnsMiB = (report.rows * 7 * 8) / 2 ** 20
      lines.push(
        '',
        `memory, one fresh process per reader (the ${report.rows.toLocaleString('en-US')}-bar result is ${columnsMiB.toFixed(0)} MiB of columns; the file is ${(report.bytes / 2 ** 20).toFixed(0)} MiB):`,
        ...table(
          ['reader', 'baseline RSS', 'peak RSS', 'growth', 'heap at end', 'array buffers'],
          report.memory.map((m) => [
            m.name,
            `${m.baselineRssMiB.toFixed(0)} MiB`,
            `${m.peakRssMiB.toFixed(0)} MiB`,
            `${(m.peakRssMiB - m.baselineRssMiB).toFixed(0)} MiB`,
            `${m.heapUsedMiB.toFixed(0)} MiB`,
            `${m.arrayBuffersMiB.toFixed(0)} MiB`,
          ]),
        ),
      )
    }
    return lines
  },
  probe: probeIngest,
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)))
  const line = (cells: readonly string[]): string =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)]
}
