/**
 * `tradepulse live --venue paper` as a user runs it: a child process replaying recorded bars into
 * a journal folder. It is killed with SIGKILL mid-replay and restarted on the same journal, and
 * ends with the fills and positions of a run that was never interrupted; SIGINT and SIGTERM stop
 * it with exit 0 and the exit policy journaled; the CLI's replay decides and fills as the backtest
 * does; user errors exit 1 naming what is wrong.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runDetailed } from '../backtest/engine/run.ts'
import { instrumentBars } from '../cli/backtest-inputs.ts'
import { readBarInputs } from '../cli/bar-inputs.ts'
import { runCaptured } from '../cli/testing/capture-io.ts'
import { ticksToNumber } from '../domain/instrument.ts'
import type { JournalRecord } from '../execution/journal-record.ts'
import { journalRecordCodec } from '../execution/journal-record-codec.ts'
import { readJournal } from '../execution/journal/jsonl-journal.ts'
import type { Fill } from '../execution/types.ts'
import { maCrossover } from '../strategy/builtin/ma-crossover.ts'

let dir: string
let data: string

/** Two instruments of 1-minute bars: the first 700 bars of two bundled series. */
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tp-live-cli-'))
  data = join(dir, 'bars')
  mkdirSync(data)
  for (const name of ['SIM000', 'SIM001']) {
    const lines = readFileSync(`data/universe/${name}.csv`, 'utf8').split('\n')
    writeFileSync(join(data, `${name}.csv`), `${lines.slice(0, 701).join('\n')}\n`)
  }
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

const PARAMS = JSON.stringify({ fast: 5, slow: 20 })

function liveArgs(journal: string, extra: readonly string[] = []): string[] {
  return [
    'live',
    '--strategy',
    'ma-crossover',
    '--venue',
    'paper',
    '--symbols',
    'SIM000,SIM001',
    '--data',
    data,
    '--params',
    PARAMS,
    '--journal',
    journal,
    ...extra,
  ]
}

interface Exit {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

function start(args: readonly string[]): { child: ChildProcess; exit: Promise<Exit> } {
  const child = spawn(process.execPath, ['bin/tradepulse.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const exit = new Promise<Exit>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve({ code, signal, stdout, stderr })
    })
  })
  return { child, exit }
}

function records(journal: string): readonly JournalRecord[] {
  const file = join(journal, 'journal.jsonl')
  return existsSync(file) ? readJournal(file, journalRecordCodec).records : []
}

function fillsOf(journal: string): Fill[] {
  return records(journal).flatMap((r) =>
    r.type === 'report' && r.report.kind === 'fill' ? [r.report.fill] : [],
  )
}

/** Waits until the journal holds `count` fills. */
async function untilFills(journal: string, count: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (fillsOf(journal).length >= count) return
    await sleep(20)
  }
  throw new Error(`the journal never held ${count} fills`)
}

function positions(fills: readonly Fill[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const f of fills)
    out[f.instrumentId] = (out[f.instrumentId] ?? 0) + (f.side === 'buy' ? 1 : -1) * f.quantity
  return out
}

describe('tradepulse live --venue paper, replaying into a journal', () => {
  it('after SIGKILL mid-replay and a restart on the same journal, has the fills of an uninterrupted run', async () => {
    const whole = join(dir, 'whole')
    const uninterrupted = start(liveArgs(whole, ['--quiet']))
    expect((await uninterrupted.exit).code).toBe(0)
    const expected = fillsOf(whole)
    expect(expected.length, 'the run trades').toBeGreaterThan(40)

    const crashed = join(dir, 'crashed')
    // Paced (700 one-minute bars in about 4 s) so the kill lands mid-replay.
    const first = start(liveArgs(crashed, ['--quiet', '--speed', '10000']))
    await untilFills(crashed, 10)
    first.child.kill('SIGKILL')
    const killed = await first.exit
    expect(killed.signal).toBe('SIGKILL')
    const before = fillsOf(crashed).length
    expect(before, 'killed before the end').toBeLessThan(expected.length)

    const second = await start(liveArgs(crashed, ['--json'])).exit
    expect(second.code, second.stderr).toBe(0)
    const summary = JSON.parse(second.stdout) as { recoveredRecords: number; fills: number }
    expect(summary.recoveredRecords).toBeGreaterThan(0)
    const after = fillsOf(crashed)
    expect(after).toEqual(expected)
    expect(new Set(after.map((f) => f.tradeId)).size, 'no fill doubled').toBe(after.length)
    expect(summary.fills).toBe(expected.length)
    expect(positions(after)).toEqual(positions(expected))
    const log = readFileSync(join(crashed, 'session.jsonl'), 'utf8').trim().split('\n')
    expect(log.map((l) => (JSON.parse(l) as { event: string }).event)).toEqual(['start', 'start', 'stop'])
  }, 60_000)

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`stops cleanly on ${signal}: exit 0, working orders cancelled and the stop journaled`, async () => {
      const journal = join(dir, `stopped-${signal}`)
      // Orders reach the venue 30 minutes after they are decided, so some are working when it stops.
      const config = join(dir, 'slow-venue.json')
      writeFileSync(config, JSON.stringify({ latency: { submitMs: 1_800_000 } }))
      const run = start(liveArgs(journal, ['--speed', '5000', '--config', config, '--on-exit', 'cancel']))
      for (let i = 0; i < 600; i++) {
        const r = records(journal)
        if (r.some((x) => x.type === 'report' && x.report.kind === 'accepted')) break
        await sleep(20)
      }
      run.child.kill(signal)
      const exit = await run.exit
      expect(exit.code, exit.stderr).toBe(0)
      expect(exit.stdout).toMatch(/ma-crossover stopped \(signal\)/)
      expect(exit.stderr, 'the status line').toMatch(
        /bars \d+ +orders \d+ +fills \d+ +position SIM000 -?\d+, SIM001 -?\d+ +equity \d+\.\d\d/,
      )
      const stop = JSON.parse(
        readFileSync(join(journal, 'session.jsonl'), 'utf8').trim().split('\n').at(-1)!,
      ) as {
        event: string
        stoppedBy: string
        onExit: string
        cancelled: number
        leftWorking: string[]
      }
      expect(stop).toMatchObject({ event: 'stop', stoppedBy: 'signal', onExit: 'cancel', leftWorking: [] })
      expect(stop.cancelled, 'orders were working').toBeGreaterThan(0)
      const cancels = records(journal).filter((r) => r.type === 'cancel-request')
      expect(cancels.length).toBe(stop.cancelled)
    }, 60_000)
  }

  it('keeps working orders with --on-exit keep, and says so in the session log', async () => {
    const journal = join(dir, 'kept')
    const config = join(dir, 'slow-venue-keep.json')
    writeFileSync(config, JSON.stringify({ latency: { submitMs: 1_800_000 } }))
    const run = start(
      liveArgs(journal, ['--quiet', '--speed', '5000', '--config', config, '--on-exit', 'keep']),
    )
    for (let i = 0; i < 600; i++) {
      if (records(journal).some((x) => x.type === 'report' && x.report.kind === 'accepted')) break
      await sleep(20)
    }
    await sleep(100)
    run.child.kill('SIGINT')
    const exit = await run.exit
    expect(exit.code, exit.stderr).toBe(0)
    const stop = JSON.parse(
      readFileSync(join(journal, 'session.jsonl'), 'utf8').trim().split('\n').at(-1)!,
    ) as {
      onExit: string
      cancelled: number
      leftWorking: string[]
    }
    expect(stop.onExit).toBe('keep')
    expect(stop.cancelled).toBe(0)
    expect(stop.leftWorking.length, 'orders left working').toBeGreaterThan(0)
    // Each order left working has no final report in the journal: a restart finds it working.
    const all = records(journal)
    const submitted = new Map(
      all.flatMap((r) => (r.type === 'submit' ? [[r.order.clientOrderId as string, r.order] as const] : [])),
    )
    const finished = new Set<string>()
    const filled = new Map<string, number>()
    for (const r of all) {
      if (r.type !== 'report') continue
      const report = r.report
      if (report.kind === 'fill')
        filled.set(report.fill.orderId, (filled.get(report.fill.orderId) ?? 0) + report.fill.quantity)
      else if (report.kind === 'cancelled' || report.kind === 'rejected' || report.kind === 'expired')
        finished.add(report.orderId)
    }
    for (const clientId of stop.leftWorking) {
      const order = submitted.get(clientId)!
      expect(finished.has(order.orderId), clientId).toBe(false)
      expect(filled.get(order.orderId) ?? 0, clientId).toBeLessThan(order.quantity)
    }
  }, 60_000)

  it('decides and fills through the CLI as the backtest does on the same bars', async () => {
    const journal = join(dir, 'parity')
    const run = await runCaptured(liveArgs(journal, ['--quiet']))
    expect(run.code, run.stderr).toBe(0)
    const inputs = await readBarInputs(data, { policy: 'strict', calendar: 'auto' })
    const bars = instrumentBars(inputs, {})
    const backtest = runDetailed({ strategy: maCrossover, data: bars, params: JSON.parse(PARAMS) as object })
    const instrumentOf = new Map(bars.map((d) => [d.instrument.id as string, d.instrument]))
    const submitted = records(journal).flatMap((r) => (r.type === 'submit' ? [r.order] : []))
    expect(
      submitted.map((o) => ({
        time: o.createdAt,
        side: o.side,
        type: o.type,
        lots: o.quantity,
        price: o.price === undefined ? null : ticksToNumber(instrumentOf.get(o.instrumentId)!, o.price),
      })),
    ).toEqual(
      backtest.decisions.map((d) => ({
        time: d.time,
        side: d.side,
        type: d.type,
        lots: d.lots,
        price: d.price,
      })),
    )
    const fills = fillsOf(journal)
    expect(fills.length).toBeGreaterThan(0)
    expect(
      fills.map((f) => ({
        time: f.time,
        orderId: f.orderId,
        lots: f.quantity,
        price: ticksToNumber(instrumentOf.get(f.instrumentId)!, f.price),
        fee: Number(f.fee) / 100,
      })),
    ).toEqual(
      backtest.result.fills.map((f) => ({
        time: f.time,
        orderId: f.orderId,
        lots: f.lots,
        price: f.price,
        fee: f.fee,
      })),
    )
  }, 60_000)
})

describe('tradepulse live refuses, with exit 1 and the reason', () => {
  it('an unknown strategy', async () => {
    const run = await runCaptured([
      'live',
      '--strategy',
      'no-such',
      '--venue',
      'paper',
      '--symbols',
      'X',
      '--data',
      'x.csv',
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/"no-such" is neither a built-in strategy/)
  })

  it('parameters the strategy does not take, naming the field', async () => {
    const run = await runCaptured([
      ...liveArgs(join(dir, 'bad-params')).slice(0, -4),
      '--params',
      '{"fast": -3}',
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/fast/)
  })

  it('a symbol that is not in the data, listing the ones that are', async () => {
    const run = await runCaptured([
      'live',
      '--strategy',
      'ma-crossover',
      '--venue',
      'paper',
      '--symbols',
      'SIM999',
      '--data',
      data,
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/SIM999 is not in the data; it has SIM000, SIM001/)
  })

  it('an exchange venue without credentials, naming the variables', async () => {
    expect(process.env.TRADEPULSE_BINANCE_API_KEY, 'no key in this environment').toBeUndefined()
    const run = await runCaptured([
      'live',
      '--strategy',
      'ma-crossover',
      '--venue',
      'ccxt:binance',
      '--symbols',
      'BTC/USDT',
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/TRADEPULSE_BINANCE_API_KEY/)
  })

  it('a venue it does not know', async () => {
    const run = await runCaptured([
      'live',
      '--strategy',
      'ma-crossover',
      '--venue',
      'kraken',
      '--symbols',
      'X',
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/--venue: expected paper or ccxt:EXCHANGE/)
  })

  it('a journal folder of another strategy', async () => {
    const journal = join(dir, 'other-strategy')
    mkdirSync(journal, { recursive: true })
    writeFileSync(
      join(journal, 'session.json'),
      JSON.stringify({ initialCash: 1_000_000, accountCurrency: 'USD', strategy: 'breakout' }),
    )
    const run = await runCaptured(liveArgs(journal, ['--quiet']))
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/LIVE|belongs to strategy "breakout", not "ma-crossover"/)
  })
})
