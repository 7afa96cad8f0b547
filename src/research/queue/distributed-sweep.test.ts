import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { pinPlugin } from '../../plugins/allowlist.ts'
import { PROJECT_CONFIG_FILE } from '../../plugins/config.ts'
import { resolvePlugin } from '../../plugins/integrity.ts'
import { OVERFITTING_FILE } from '../sweep/overfitting-summary.ts'
import { RETURNS_FILE, readReturns } from '../sweep/returns-store.ts'
import { type RedisServer, REDIS_MISSING, hasRedisServer, startRedis } from './testing/redis-server.ts'
import { writeWaveBars } from '../testing/wave-bars.ts'

// Each test starts its own redis-server and spawns real worker and coordinator processes.
const BIN = new URL('../../cli/bin.ts', import.meta.url).pathname
const MA_CROSSOVER = new URL('../../strategy/builtin/ma-crossover.ts', import.meta.url).pathname
const DEFINE = new URL('../../strategy/define.ts', import.meta.url).pathname
const work = mkdtempSync(join(tmpdir(), 'tradepulse-queue-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

function writeBars(): string {
  return writeWaveBars(join(work, 'wave.csv'))
}

/** ma-crossover that spends 250 ms per combination, so that a kill lands mid-job. */
function writeSlowStrategy(): string {
  const path = join(work, 'slow-crossover.ts')
  writeFileSync(
    path,
    `import { maCrossover } from '${MA_CROSSOVER}'
import { defineStrategy } from '${DEFINE}'
export default defineStrategy({
  ...maCrossover,
  name: 'slow-crossover',
  create(params) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250)
    return maCrossover.create(params)
  },
})
`,
  )
  return path
}

const csv = writeBars()
const strategy = writeSlowStrategy()
// Workers run only allowlisted strategy files: the processes run in `work`, whose
// tradepulse.config.json pins the slow strategy as a project would.
writeFileSync(
  join(work, PROJECT_CONFIG_FILE),
  `${JSON.stringify({ plugins: [pinPlugin(resolvePlugin(strategy, work), work, { kind: 'strategy' })] })}\n`,
)
// 16 combinations, 3 refused by the schema (fast >= slow): 13 jobs.
const GRID = ['--param', 'fast=2:8:2', '--param', 'slow=5:14:3', '--param', 'average=sma']
const JOBS = 13

interface Proc {
  readonly child: ChildProcess
  output: string
  readonly exited: Promise<number | null>
}

function cli(args: readonly string[]): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] })
  const proc: Proc = {
    child,
    output: '',
    exited: new Promise((resolve) =>
      child.once('exit', (code) => {
        resolve(code)
      }),
    ),
  }
  const collect = (chunk: Buffer): void => {
    proc.output += chunk.toString('utf8')
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  return proc
}

function worker(redis: RedisServer): Proc {
  return cli(['worker', '--queue', redis.url, '--lock-duration', '1500', '--stalled-interval', '500'])
}

function coordinator(redis: RedisServer, out: string): Proc {
  return cli(['sweep', '--strategy', strategy, '--data', csv, ...GRID, '--out', out, '--queue', redis.url])
}

async function until(what: string, check: () => boolean, timeoutMs = 40_000): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

function jobsDone(proc: Proc): number {
  return proc.output.match(/: combination \d+ of sweep/g)?.length ?? 0
}

function resultIndices(out: string): number[] {
  const [folder] = readdirSync(out)
  return readFileSync(join(out, folder!, 'results.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as { index: number }).index)
    .sort((a, b) => a - b)
}

/** The same sweep run in one process, without the queue: what the queue's folder must agree with. */
let localSweep: Promise<string> | undefined
function localReference(): Promise<string> {
  localSweep ??= (async () => {
    const out = join(work, 'local')
    const run = cli(['sweep', '--strategy', strategy, '--data', csv, ...GRID, '--out', out, '--workers', '0'])
    expect(await run.exited, run.output).toBe(0)
    return join(out, readdirSync(out)[0]!)
  })()
  return localSweep
}

async function expectEveryCombinationOnce(out: string): Promise<void> {
  const indices = resultIndices(out)
  expect(indices, 'no combination twice').toEqual([...new Set(indices)])
  expect(indices.length, 'every combination').toBe(JOBS)
  const [folder] = readdirSync(out)
  const ranking = JSON.parse(readFileSync(join(out, folder!, 'ranking.json'), 'utf8')) as {
    evaluated: number
  }
  expect(ranking.evaluated).toBe(JOBS)
  // Per-period returns travel through the queue as JSON and must arrive bit for bit, so that
  // the overfitting statistics are those of a sweep run in one process.
  const local = await localReference()
  const returns = await readReturns(join(out, folder!, RETURNS_FILE))
  expect(returns.size).toBe(JOBS)
  expect(returns).toEqual(await readReturns(join(local, RETURNS_FILE)))
  const overfitting = (dir: string): unknown => JSON.parse(readFileSync(join(dir, OVERFITTING_FILE), 'utf8'))
  expect(overfitting(join(out, folder!))).toEqual(overfitting(local))
}

async function stopAll(...procs: Proc[]): Promise<void> {
  for (const proc of procs) if (proc.child.exitCode === null) proc.child.kill('SIGKILL')
  await Promise.all(procs.map((proc) => proc.exited))
}

describe.skipIf(!hasRedisServer())('a sweep on the queue', () => {
  it.concurrent('retries the job of a worker killed mid-job on another worker', async () => {
    const redis = await startRedis()
    const out = join(work, 'killed-worker')
    const first = worker(redis)
    const sweep = coordinator(redis, out)
    let second: Proc | undefined
    try {
      await until('the first worker to finish a job', () => jobsDone(first) >= 1)
      first.child.kill('SIGKILL')
      second = worker(redis)
      expect(await sweep.exited, sweep.output).toBe(0)
      expect(sweep.output).toContain(`${JOBS} run (0 resumed), 3 refused by the schema, 0 failed`)
      await expectEveryCombinationOnce(out)
      // A job the first worker finished but had not yet marked done when killed runs again: at
      // least once on the workers, exactly once in the folder.
      expect(jobsDone(second), 'the second worker ran the rest').toBeGreaterThanOrEqual(
        JOBS - jobsDone(first),
      )
    } finally {
      await stopAll(first, sweep, ...(second === undefined ? [] : [second]))
      await redis.stop()
    }
  })

  it.concurrent('completes when the coordinator is killed and started again', async () => {
    const redis = await startRedis()
    const out = join(work, 'killed-coordinator')
    const runner = worker(redis)
    const firstRun = coordinator(redis, out)
    let secondRun: Proc | undefined
    try {
      await until('a few results', () => jobsDone(runner) >= 3)
      firstRun.child.kill('SIGKILL')
      await firstRun.exited
      secondRun = coordinator(redis, out)
      expect(await secondRun.exited, secondRun.output).toBe(0)
      await expectEveryCombinationOnce(out)
      expect(jobsDone(runner), 'each combination ran once').toBe(JOBS)
    } finally {
      await stopAll(runner, firstRun, ...(secondRun === undefined ? [] : [secondRun]))
      await redis.stop()
    }
  })

  it.concurrent('completes when redis-server restarts mid-sweep', async () => {
    const dir = join(work, 'redis-data')
    mkdirSync(dir)
    const redis = await startRedis(dir)
    const out = join(work, 'restarted-redis')
    const runner = worker(redis)
    const sweep = coordinator(redis, out)
    try {
      await until('a few results', () => jobsDone(runner) >= 3)
      await redis.stop()
      await new Promise((resolve) => setTimeout(resolve, 500))
      await redis.restart()
      expect(await sweep.exited, sweep.output).toBe(0)
      await expectEveryCombinationOnce(out)
      expect(runner.output).toMatch(/lost the connection to redis:\/\/127\.0\.0\.1:\d+.*reconnecting/)
      expect(runner.output).toMatch(/reconnected to redis:\/\/127\.0\.0\.1:\d+/)
    } finally {
      await stopAll(runner, sweep)
      await redis.stop()
    }
  })
})

describe.runIf(!hasRedisServer())('without redis-server', () => {
  it('skips the queue tests', () => {
    console.warn(REDIS_MISSING)
    expect(hasRedisServer()).toBe(false)
  })
})
