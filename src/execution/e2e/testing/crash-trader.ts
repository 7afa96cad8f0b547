/**
 * The child process of the execution crash tests (crash-recovery.e2e.test.ts). Usage:
 *
 *     node crash-trader.ts <journal path> <seed> [--two-venues] [--resume] [--trip-after <fills>]
 *
 * Trades on simulated exchanges through a full execution core whose journal is a file in `sync`
 * mode: a market maker quotes every instrument, the strategy buys and sells small amounts,
 * counterparties take its resting orders. After every fill the order manager has applied — and
 * so journaled, since reports are journaled before they are acted on — it prints an `ack` line
 * (crash-run.ts) with a synchronous write, so what the parent reads is exactly what was
 * acknowledged. The parent kills it with SIGKILL at a moment of its choosing.
 *
 * - `--two-venues`: exchanges `xa` (ACME, BOLT) and `xb` (CRUX) behind one core; otherwise one
 *   exchange listing ACME.
 * - `--resume`: the journal is an earlier run's; the core is recovered from it (fresh exchanges,
 *   the clock after the last journaled time) and trading carries on, appending to it. The seed
 *   names the strategy's client order ids, so give each run its own.
 * - `--trip-after <fills>`: after that many acknowledged fills, trips the kill switch by hand and
 *   prints `tripped`; it keeps trading (and being refused) until it is killed.
 *
 * `MAX_ROUNDS` bounds a run whose parent went away.
 */
import { writeSync } from 'node:fs'
import { SeededRandom } from '../../../data/simulator/random.ts'
import { journalRecordCodec } from '../../journal-record-codec.ts'
import { openJournal } from '../../journal/jsonl-journal.ts'
import { ackLine } from './crash-run.ts'
import {
  ACME,
  BOLT,
  CRUX,
  ScriptedStrategy,
  TWO_VENUES,
  external,
  lastJournaledTime,
  openMarket,
} from './market.ts'

const [path, seedText, ...flags] = process.argv.slice(2)
if (path === undefined || seedText === undefined) {
  process.stderr.write(
    'usage: node crash-trader.ts <journal path> <seed> [--two-venues] [--resume] [--trip-after <fills>]\n',
  )
  process.exit(2)
}
const twoVenues = flags.includes('--two-venues')
const resume = flags.includes('--resume')
const tripIndex = flags.indexOf('--trip-after')
const tripAfter = tripIndex < 0 ? Number.POSITIVE_INFINITY : Number(flags[tripIndex + 1])

/** Where each instrument trades, in ticks: ACME and BOLT at 0.01, CRUX at 0.05. */
const MIDS = new Map([
  [ACME.id, 10_000],
  [BOLT.id, 5_000],
  [CRUX.id, 400],
])

const MAX_ROUNDS = 50_000
const random = new SeededRandom(Number(seedText))
const journal = openJournal(path, { codec: journalRecordCodec, durability: 'sync' })
const records = journal.recovered.records
const market = openMarket(
  {
    journal,
    ...(twoVenues ? { venues: TWO_VENUES } : {}),
    ...(resume ? { start: lastJournaledTime(records) + 1 } : {}),
  },
  resume ? records : undefined,
)
const strategy = new ScriptedStrategy(market, `run${seedText}`)
let acknowledged = 0
market.core.bus.subscribe('fill', (fill) => {
  writeSync(
    1,
    `${ackLine({
      venue: fill.venue,
      tradeId: fill.tradeId,
      instrumentId: fill.instrumentId,
      side: fill.side,
      quantity: fill.quantity,
      price: fill.price,
      fee: fill.fee,
    })}\n`,
  )
  acknowledged++
})

for (let round = 0; round < MAX_ROUNDS; round++) {
  market.clock.advance(1)
  if (acknowledged >= tripAfter && !market.core.killSwitch.tripped) {
    market.core.killSwitch.trip(market.clock.now(), `crash test: tripped after ${tripAfter} fills`)
    writeSync(1, 'tripped\n')
  }
  const instrument = market.instruments[Math.floor(random.nextFloat() * market.instruments.length)]!
  const mid = MIDS.get(instrument.id)! + Math.floor(random.nextFloat() * 20) - 10
  for (const quoted of market.instruments) {
    const m = quoted === instrument ? mid : MIDS.get(quoted.id)!
    external(market, 'mm', 'sell', 20, m + 1, quoted)
    external(market, 'mm', 'buy', 20, m - 1, quoted)
  }
  const quantity = 1 + Math.floor(random.nextFloat() * 5)
  const roll = random.nextFloat()
  if (roll < 0.4) strategy.market(roll < 0.2 ? 'buy' : 'sell', quantity, instrument)
  else if (roll < 0.8)
    strategy.limit(roll < 0.6 ? 'buy' : 'sell', quantity, roll < 0.6 ? mid - 2 : mid + 2, {
      instrumentId: instrument.id,
    })
  else external(market, 'taker', roll < 0.9 ? 'buy' : 'sell', 10, undefined, instrument)
}
journal.close()
