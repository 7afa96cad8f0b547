/**
 * Distributed sweeps: one ma-crossover grid sweep through the Redis queue (`sweep --queue`), run
 * with 1 and then 2 `tradepulse worker` processes, in wall-clock seconds and the speed-up of two.
 * The suite starts its own redis-server on loopback (and skips, saying so, without one).
 *
 * Workload: `--rq-bars N` daily bars of a deterministic wave (default 5,000) and the grid
 * fast 2…20 step 2 × slow 20…100 step 10, SMA (90 combinations). Each timing is the coordinator
 * process from start to exit with the workers already up and idle; a fresh output folder each
 * time, so every combination runs. `--reps` (default 3) timings per worker count: median and best.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REDIS_MISSING, hasRedisServer, startRedis } from '../src/research/queue/testing/redis-server.ts'
import type { BenchRunOptions, BenchSuite } from './run.ts'

const BIN = new URL('../src/cli/bin.ts', import.meta.url).pathname
const GRID = ['--param', 'fast=2:20:2', '--param', 'slow=20:100:10', '--param', 'average=sma']

function writeWave(path: string, bars: number): void {
  const lines = ['date,open,high,low,close,volume']
  let previous = 100
  for (let i = 0; i < bars; i++) {
    const close = Math.round((100 + 12 * Math.sin(i / 17) + 4 * Math.sin(i / 5) + 0.002 * i) * 100) / 100
    const day = new Date(Date.UTC(2000, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)
    lines.push(
      `${day},${previous},${(Math.max(previous, close) + 0.5).toFixed(2)},${(Math.min(previous, close) - 0.5).toFixed(2)},${close},100000`,
    )
    previous = close
  }
  writeFileSync(path, `${lines.join('\n')}\n`)
}

function startWorker(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'worker', '--queue', url], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let text = ''
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8')
      if (text.includes('worker ready')) resolve(child)
    })
    child.once('exit', (code) => {
      reject(new Error(`a worker exited early (${code}): ${text}`))
    })
  })
}

function timeSweep(url: string, csv: string, out: string): Promise<number> {
  const started = performance.now()
  const child = spawn(
    process.execPath,
    [BIN, 'sweep', '--strategy', 'ma-crossover', '--data', csv, ...GRID, '--out', out, '--queue', url],
    {
      stdio: 'ignore',
    },
  )
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code === 0) resolve((performance.now() - started) / 1000)
      else reject(new Error(`the sweep exited with ${code}`))
    })
  })
}

function summary(times: number[]): { best: number; median: number } {
  const sorted = [...times].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return {
    best: sorted[0]!,
    median: sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2,
  }
}

async function measure({ args, log, repetitions }: BenchRunOptions): Promise<string[]> {
  if (!hasRedisServer()) return [`research-queue: skipped, ${REDIS_MISSING}`]
  const reps = repetitions ?? 3
  const at = args.indexOf('--rq-bars')
  const bars = at === -1 ? 5_000 : Number(args[at + 1])
  const dir = mkdtempSync(join(tmpdir(), 'tradepulse-bench-queue-'))
  const redis = await startRedis()
  const csv = join(dir, 'wave.csv')
  writeWave(csv, bars)
  const medians: number[] = []
  const lines: string[] = []
  try {
    for (const workers of [1, 2]) {
      const children = await Promise.all(Array.from({ length: workers }, () => startWorker(redis.url)))
      const times: number[] = []
      try {
        for (let rep = 0; rep < reps; rep++) {
          log(`research-queue: ${workers} worker(s), run ${rep + 1} of ${reps}`)
          times.push(await timeSweep(redis.url, csv, join(dir, `out-${workers}-${rep}`)))
        }
      } finally {
        for (const child of children) child.kill('SIGKILL')
      }
      const { best, median } = summary(times)
      medians.push(median)
      lines.push(
        `  ${workers} worker process(es): median ${median.toFixed(2)} s, best ${best.toFixed(2)} s (90 combinations, ${bars} bars)`,
      )
    }
  } finally {
    await redis.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  return [
    'research-queue: one sweep through Redis, wall clock',
    ...lines,
    `  speed-up with 2 workers (medians): ${(medians[0]! / medians[1]!).toFixed(2)}x`,
  ]
}

export const researchQueueSuite: BenchSuite = {
  name: 'research-queue',
  description:
    'ma-crossover sweep through the Redis queue with 1 and 2 worker processes: wall clock and speed-up; --rq-bars N',
  run: measure,
}
