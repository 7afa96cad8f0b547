/**
 * Runs the crash-test trader (crash-trader.ts) as a child process and kills it with SIGKILL when
 * what it has printed satisfies `kill`. The trader prints a line per event with a synchronous
 * write — `ack …` for every fill the order manager applied (and so journaled) — so what the
 * parent has read is exactly what the child had acknowledged when the signal landed.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const TRADER = fileURLToPath(new URL('crash-trader.ts', import.meta.url))

/** One acknowledged fill, as the trader printed it. */
export interface Ack {
  readonly venue: string
  readonly tradeId: string
  readonly instrumentId: string
  readonly side: 'buy' | 'sell'
  readonly quantity: number
  readonly price: number
  readonly fee: bigint
}

export interface CrashRun {
  /** Every whole line printed, in order. */
  readonly lines: readonly string[]
  readonly acks: readonly Ack[]
}

/** The line the trader prints for an acknowledged fill, and reads back here. */
export function ackLine(ack: Ack): string {
  return `ack ${ack.venue} ${ack.tradeId} ${ack.instrumentId} ${ack.side} ${ack.quantity} ${ack.price} ${ack.fee}`
}

function parseAck(line: string): Ack | undefined {
  const [word, venue, tradeId, instrumentId, side, quantity, price, fee] = line.split(' ')
  if (word !== 'ack' || fee === undefined || (side !== 'buy' && side !== 'sell')) return undefined
  return {
    venue: venue!,
    tradeId: tradeId!,
    instrumentId: instrumentId!,
    side,
    quantity: Number(quantity),
    price: Number(price),
    fee: BigInt(fee),
  }
}

/** Starts the trader with `args` and kills it once `kill` holds; rejects if it ends on its own. */
export function runUntilKilled(args: readonly string[], kill: (run: CrashRun) => boolean): Promise<CrashRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TRADER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    const lines: string[] = []
    const acks: Ack[] = []
    const run: CrashRun = { lines, acks }
    let buffered = ''
    let stderr = ''
    let killed = false
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the trader (${args.join(' ')}) was not killed in time; stderr: ${stderr}`))
    }, 30_000)
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const complete = buffered.split('\n')
      buffered = complete.pop() ?? ''
      for (const line of complete) {
        lines.push(line)
        const ack = parseAck(line)
        if (ack !== undefined) acks.push(ack)
      }
      if (!killed && kill(run)) {
        killed = true
        child.kill('SIGKILL')
      }
    })
    child.on('exit', (_code, signal) => {
      clearTimeout(timer)
      if (signal !== 'SIGKILL') reject(new Error(`the trader exited on its own; stderr: ${stderr}`))
      else resolve(run)
    })
  })
}
