/**
 * Scenario: Redis down during a distributed sweep. A coordinator (`tradepulse sweep --queue`) and
 * a worker (`tradepulse worker`) share a redis-server persisting to an append-only file; the
 * server is killed with SIGKILL mid sweep and started again on the same port and directory.
 * Detection is the worker's own log line (`lost the connection … reconnecting`); recovery is the
 * sweep exiting 0. Nothing lost means every combination is in results.jsonl exactly once and the
 * ranking equals that of the same sweep run locally without the queue.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pinPlugin } from '../../src/plugins/allowlist.ts'
import { PROJECT_CONFIG_FILE } from '../../src/plugins/config.ts'
import { resolvePlugin } from '../../src/plugins/integrity.ts'
import { REDIS_SERVER, freePort } from '../../src/research/queue/testing/redis-server.ts'
import { writeWaveBars } from '../../src/research/testing/wave-bars.ts'
import { type Scenario, Timeline, check, sleep, waitFor } from './scenario.ts'
import { BIN } from './serve-process.ts'

const MA_CROSSOVER = new URL('../../src/strategy/builtin/ma-crossover.ts', import.meta.url).pathname
const DEFINE = new URL('../../src/strategy/define.ts', import.meta.url).pathname
// 16 combinations, 3 refused by the schema (fast >= slow): 13 jobs.
const GRID = ['--param', 'fast=2:8:2', '--param', 'slow=5:14:3', '--param', 'average=sma']
const JOBS = 13

interface Proc {
  readonly child: ChildProcess
  output: string
  readonly exited: Promise<number | null>
}

function cli(work: string, args: readonly string[]): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] })
  const proc: Proc = {
    child,
    output: '',
    exited: new Promise((resolve) => child.once('exit', resolve)),
  }
  const collect = (chunk: Buffer): void => {
    proc.output += chunk.toString('utf8')
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  return proc
}

function writeBars(work: string): string {
  return writeWaveBars(join(work, 'wave.csv'))
}

/** ma-crossover spending 200 ms per combination, so that the kill lands mid sweep. */
function writeSlowStrategy(work: string): string {
  const path = join(work, 'slow-crossover.ts')
  writeFileSync(
    path,
    `import { maCrossover } from '${MA_CROSSOVER}'
import { defineStrategy } from '${DEFINE}'
export default defineStrategy({
  ...maCrossover,
  name: 'slow-crossover',
  create(params) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200)
    return maCrossover.create(params)
  },
})
`,
  )
  // Workers run only allowlisted strategy files: pinned as a project would.
  writeFileSync(
    join(work, PROJECT_CONFIG_FILE),
    `${JSON.stringify({ plugins: [pinPlugin(resolvePlugin(path, work), work, { kind: 'strategy' })] })}\n`,
  )
  return path
}

/** redis-server persisting every write (appendfsync always), so SIGKILL loses nothing acknowledged. */
function startRedisProcess(port: number, dir: string): ChildProcess {
  return spawn(
    REDIS_SERVER,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--dir',
      dir,
    ],
    { stdio: 'ignore' },
  )
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.setTimeout(500)
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (data) => {
      socket.destroy()
      resolve(data.toString().startsWith('+PONG'))
    })
    socket.once('error', () => {
      resolve(false)
    })
    socket.once('timeout', () => {
      socket.destroy()
      resolve(false)
    })
  })
}

function sweepFolder(out: string): string {
  return join(out, readdirSync(out)[0] ?? '(none)')
}

function resultIndices(folder: string): number[] {
  return readFileSync(join(folder, 'results.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as { index: number }).index)
    .sort((a, b) => a - b)
}

export const redisDown: Scenario = {
  name: 'redis-down',
  title: 'Redis down during a distributed sweep',
  fault: 'SIGKILL to redis-server while a worker runs the combinations of a queued sweep',
  async run(log) {
    const work = mkdtempSync(join(tmpdir(), 'tradepulse-gameday-redis-'))
    const timeline = new Timeline(log)
    const procs: Proc[] = []
    let redis: ChildProcess | undefined
    try {
      const csv = writeBars(work)
      const strategy = writeSlowStrategy(work)
      const sweepArgs = ['sweep', '--strategy', strategy, '--data', csv, ...GRID]
      const local = cli(work, [...sweepArgs, '--out', join(work, 'local'), '--workers', '0'])
      procs.push(local)
      const dataDir = join(work, 'redis-data')
      mkdirSync(dataDir)
      const port = await freePort()
      const url = `redis://127.0.0.1:${port}`
      redis = startRedisProcess(port, dataDir)
      await waitFor('redis-server answering PING', 10_000, () =>
        ping(port).then((ok) => (ok ? true : undefined)),
      )
      const worker = cli(work, [
        'worker',
        '--queue',
        url,
        '--lock-duration',
        '1500',
        '--stalled-interval',
        '500',
      ])
      const out = join(work, 'queued')
      const sweep = cli(work, [...sweepArgs, '--out', out, '--queue', url])
      procs.push(worker, sweep)
      const jobsDone = (): number => worker.output.match(/: combination \d+ of sweep/g)?.length ?? 0
      await waitFor(
        '3 combinations done on the worker',
        60_000,
        () => (jobsDone() >= 3 ? true : undefined),
        20,
      )
      const killed = redis
      const gone = new Promise((resolve) => killed.once('exit', resolve))
      killed.kill('SIGKILL')
      await gone
      timeline.mark('injected', `SIGKILL to redis-server after ${jobsDone()} of ${JOBS} combinations`)
      await waitFor('the worker noticing', 30_000, () =>
        /lost the connection to redis:\/\/127\.0\.0\.1:\d+/.test(worker.output) ? true : undefined,
      )
      const lost = /[^\n]*lost the connection to redis[^\n]*/.exec(worker.output)?.[0] ?? ''
      timeline.mark('detected', `worker log: ${lost.trim()}`)
      await sleep(500)
      redis = startRedisProcess(port, dataDir)
      await waitFor('redis-server answering PING again', 10_000, () =>
        ping(port).then((ok) => (ok ? true : undefined)),
      )
      timeline.mark('mitigated', `redis-server started again on port ${port} with its append-only file`)
      const code = await sweep.exited
      timeline.mark('recovered', `tradepulse sweep --queue exited ${String(code)}`)
      const localCode = await local.exited
      const folder = sweepFolder(out)
      const indices = resultIndices(folder)
      const ranking = (dir: string): unknown => JSON.parse(readFileSync(join(dir, 'ranking.json'), 'utf8'))
      const same =
        localCode === 0 &&
        JSON.stringify(ranking(folder)) === JSON.stringify(ranking(sweepFolder(join(work, 'local'))))
      return timeline.result('the worker\'s log line "lost the connection to redis://… reconnecting"', [
        check('the sweep completed', code === 0, `exit code ${String(code)}`),
        check(
          'every combination exactly once',
          indices.length === JOBS && new Set(indices).size === JOBS,
          `${new Set(indices).size} distinct of ${indices.length} results in results.jsonl, ${JOBS} combinations`,
        ),
        check(
          'the ranking equals a local run',
          same,
          `ranking.json of the queued sweep ${same ? 'equals' : 'differs from'} that of \`--workers 0\` (local exit ${String(localCode)})`,
        ),
        check(
          'the worker reconnected',
          /reconnected to redis:\/\/127\.0\.0\.1:\d+/.test(worker.output),
          /[^\n]*reconnected to redis[^\n]*/.exec(worker.output)?.[0]?.trim() ?? 'no reconnect line',
        ),
      ])
    } finally {
      for (const proc of procs) if (proc.child.exitCode === null) proc.child.kill('SIGKILL')
      await Promise.all(procs.map((proc) => proc.exited))
      if (redis?.exitCode === null) {
        const running = redis
        await new Promise((resolve) => {
          running.once('exit', resolve)
          running.kill('SIGTERM')
        })
      }
      rmSync(work, { recursive: true, force: true })
    }
  },
}
