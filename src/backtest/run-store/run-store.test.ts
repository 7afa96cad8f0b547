import { createHash } from 'node:crypto'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { UnixMillis } from '../../domain/time.ts'
import { computeMetrics } from '../metrics/metrics.ts'
import type { BacktestResult } from '../result.ts'
import { resultFromEquity, twoInstrumentResult } from '../testing/result-fixtures.ts'
import { readRun } from './read-run.ts'
import { canonicalJson, runId } from './run-id.ts'
import { writeRun } from './write-run.ts'

let scratch: string

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'tradepulse-runs-'))
})

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true })
})

/** The fixture run with BBB unknown for its first five points, as when it starts trading later. */
function runWithLateInstrument(): BacktestResult {
  const base = twoInstrumentResult()
  const late = base.closes['BBB.XNYS']!.map((close, i) => (i < 5 ? Number.NaN : close))
  return { ...base, closes: { ...base.closes, 'BBB.XNYS': late } }
}

async function folderBytes(path: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>()
  for (const name of (await readdir(path)).sort()) files.set(name, await readFile(join(path, name)))
  return files
}

describe('runId', () => {
  it('hashes the strategy, parameters, configuration and data fingerprints with sorted keys', () => {
    const result = resultFromEquity([100, 101])
    const expected = createHash('sha256')
      .update('{"config":{"initialCapital":100},"data":[],"params":{},"strategy":"fixture"}')
      .digest('hex')
      .slice(0, 16)
    expect(runId(result)).toBe(expected)
  })

  it('changes with a data fingerprint and not with the order parameters were written in', () => {
    const result = twoInstrumentResult(30)
    const reordered: BacktestResult = {
      ...result,
      strategy: { name: result.strategy.name, params: { schedule: 'fixture', fraction: 0.4 } },
    }
    expect(runId(reordered)).toBe(runId(result))
    const otherData: BacktestResult = {
      ...result,
      data: [{ ...result.data[0]!, fingerprint: 'c3'.repeat(32) }, result.data[1]!],
    }
    expect(runId(otherData)).not.toBe(runId(result))
  })

  it('spells equal objects the same whatever their key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string(), fc.boolean())), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse())
        expect(canonicalJson({ nested: reversed })).toBe(canonicalJson({ nested: record }))
      }),
    )
  })
})

describe('writeRun and readRun', () => {
  const result = runWithLateInstrument()
  const metrics = computeMetrics(result)

  it('writes the folder named by the run id with every file', async () => {
    const info = await writeRun(result, metrics, join(scratch, 'layout'))
    expect(info.runId).toMatch(/^[0-9a-f]{16}$/)
    expect(info.path).toBe(join(scratch, 'layout', info.runId))
    expect(info.equityFile).toBe('equity.json')
    expect((await readdir(info.path)).sort()).toEqual([
      'config.json',
      'equity.json',
      'events.json',
      'fills.json',
      'metrics.json',
      'orders.json',
      'report.html',
      'trades.json',
    ])
    const fills = (await readFile(join(info.path, 'fills.json'), 'utf8')).trimEnd().split('\n')
    expect(fills, 'one fill per line between the brackets').toHaveLength(13 + 2)
  })

  it('writes byte-identical folders for the same run, wherever and whenever', async () => {
    const first = await writeRun(result, metrics, join(scratch, 'a'))
    const second = await writeRun(
      runWithLateInstrument(),
      computeMetrics(runWithLateInstrument()),
      join(scratch, 'b'),
    )
    expect(second.runId).toBe(first.runId)
    expect(await folderBytes(second.path)).toEqual(await folderBytes(first.path))
    const before = await folderBytes(first.path)
    await writeRun(result, metrics, join(scratch, 'a'))
    expect(await folderBytes(first.path)).toEqual(before)
  })

  it('reads back the result and metrics it wrote, NaN closes included', async () => {
    const info = await writeRun(result, metrics, join(scratch, 'read'))
    const stored = await readRun(info.path)
    expect(stored.runId).toBe(info.runId)
    expect(stored.result).toEqual(result)
    expect(stored.metrics).toEqual(metrics)
    expect(Number.isNaN(stored.result.closes['BBB.XNYS']![0])).toBe(true)
  })

  it('writes the equity as Parquet above the JSON limit and reads it back the same', async () => {
    const first = await writeRun(result, metrics, join(scratch, 'parquet-a'), { maxJsonEquityPoints: 299 })
    const second = await writeRun(result, metrics, join(scratch, 'parquet-b'), { maxJsonEquityPoints: 299 })
    expect(first.equityFile).toBe('equity.parquet')
    expect(await readdir(first.path)).not.toContain('equity.json')
    expect(await folderBytes(second.path)).toEqual(await folderBytes(first.path))
    const stored = await readRun(first.path)
    expect(stored.result).toEqual(result)
  })

  it('keeps a run with no trades, no fills and one point', async () => {
    const single = resultFromEquity([100])
    const info = await writeRun(single, computeMetrics(single), join(scratch, 'single'))
    expect((await readRun(info.path)).result).toEqual(single)
  })

  it('refuses a benchmark that is not on the equity times, naming the point', async () => {
    const base = resultFromEquity([100, 101, 102])
    const shifted: BacktestResult = {
      ...base,
      benchmark: base.benchmark.map((point, i) =>
        i === 1 ? { ...point, time: (point.time + 1) as UnixMillis } : point,
      ),
    }
    await expect(writeRun(shifted, computeMetrics(shifted), join(scratch, 'shifted'))).rejects.toThrow(
      /benchmark\[1\]\.time \d+ differs from equity\[1\]\.time/,
    )
  })
})

describe('writeRun on a result that does not hold together', () => {
  const base = resultFromEquity([100, 101, 102])

  it('refuses closes with another number of values than the equity, naming the instrument', async () => {
    const broken: BacktestResult = { ...base, closes: { 'AAA.XNAS': [1, 2] } }
    await expect(writeRun(broken, computeMetrics(broken), join(scratch, 'closes'))).rejects.toThrow(
      'closes.AAA.XNAS has 2 values, equity 3 points',
    )
  })

  it('refuses a benchmark with fewer points than the equity', async () => {
    const broken: BacktestResult = { ...base, benchmark: base.benchmark.slice(1) }
    await expect(writeRun(broken, computeMetrics(broken), join(scratch, 'short'))).rejects.toThrow(
      'benchmark has 2 points, equity 3',
    )
  })

  it('refuses a JSON limit that is not a count', async () => {
    await expect(writeRun(base, computeMetrics(base), scratch, { maxJsonEquityPoints: 1.5 })).rejects.toThrow(
      'maxJsonEquityPoints must be an integer >= 0, was 1.5',
    )
  })
})

describe('readRun on a damaged folder', () => {
  const result = twoInstrumentResult(100)
  const metrics = computeMetrics(result)

  it('names a missing file', async () => {
    const info = await writeRun(result, metrics, join(scratch, 'missing'))
    await rm(join(info.path, 'trades.json'))
    await expect(readRun(info.path)).rejects.toMatchObject({
      code: 'DATA_FILE_NOT_FOUND',
      location: { file: join(info.path, 'trades.json') },
    })
  })

  it('names the file and the field that is wrong', async () => {
    const info = await writeRun(result, metrics, join(scratch, 'damaged'))
    const path = join(info.path, 'fills.json')
    const fills = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>[]
    fills[2] = { ...fills[2], side: 'hold' }
    await writeFile(path, JSON.stringify(fills))
    await expect(readRun(info.path)).rejects.toThrow(`${path}: 2.side: `)
  })

  it('names a file that is not JSON', async () => {
    const info = await writeRun(result, metrics, join(scratch, 'truncated'))
    const path = join(info.path, 'metrics.json')
    await writeFile(path, '{"startTime": 17357')
    await expect(readRun(info.path)).rejects.toThrow(`${path}: not JSON`)
  })

  it('names an equity value that is not a number and an equity column of the wrong length', async () => {
    const info = await writeRun(result, metrics, join(scratch, 'equity'))
    const path = join(info.path, 'equity.json')
    const original = await readFile(path, 'utf8')
    const table = JSON.parse(original) as { cash: unknown[]; closes: Record<string, unknown[]> }
    table.closes['BBB.XNYS']![7] = 'n/a'
    await writeFile(path, JSON.stringify(table))
    await expect(readRun(info.path)).rejects.toThrow(`${path}: closes.BBB.XNYS[7] is not a number`)
    table.cash.pop()
    await writeFile(path, JSON.stringify(table))
    await expect(readRun(info.path)).rejects.toThrow(`${path}: cash must be an array of 100 numbers`)
  })
})
