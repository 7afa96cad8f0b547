/**
 * The child process of the execution crash test (crash-recovery.e2e.test.ts). Usage:
 *
 *     node crash-trader.ts <journal path> <seed>
 *
 * Trades on the simulated exchange through a full execution core whose journal is a file in
 * `sync` mode: a market maker quotes, the strategy buys and sells small amounts, counterparties
 * take its resting orders. After every fill the order manager has applied — and so journaled,
 * since reports are journaled before they are acted on — it prints `ack <tradeId> <side> <qty>`
 * with a synchronous write, so what the parent reads is exactly what was acknowledged. The parent
 * kills it with SIGKILL at a random moment. `MAX_ROUNDS` bounds a run whose parent went away.
 */
import { writeSync } from 'node:fs'
import { SeededRandom } from '../../../data/simulator/random.ts'
import { journalRecordCodec } from '../../journal-record-codec.ts'
import { openJournal } from '../../journal/jsonl-journal.ts'
import { ScriptedStrategy, external, openMarket } from './market.ts'

const [path, seedText] = process.argv.slice(2)
if (path === undefined || seedText === undefined) {
  process.stderr.write('usage: node crash-trader.ts <journal path> <seed>\n')
  process.exit(2)
}

const MAX_ROUNDS = 50_000
const random = new SeededRandom(Number(seedText))
const journal = openJournal(path, { codec: journalRecordCodec, durability: 'sync' })
const market = openMarket({ journal })
const strategy = new ScriptedStrategy(market, `run${seedText}`)
market.core.bus.subscribe('fill', (fill) => {
  writeSync(1, `ack ${fill.tradeId} ${fill.side} ${fill.quantity}\n`)
})

for (let round = 0; round < MAX_ROUNDS; round++) {
  market.clock.advance(1)
  const mid = 10_000 + Math.floor(random.nextFloat() * 20) - 10
  external(market, 'mm', 'sell', 20, mid + 1)
  external(market, 'mm', 'buy', 20, mid - 1)
  const quantity = 1 + Math.floor(random.nextFloat() * 5)
  const roll = random.nextFloat()
  if (roll < 0.4) strategy.market(roll < 0.2 ? 'buy' : 'sell', quantity)
  else if (roll < 0.8) strategy.limit(roll < 0.6 ? 'buy' : 'sell', quantity, roll < 0.6 ? mid - 2 : mid + 2)
  else external(market, 'taker', roll < 0.9 ? 'buy' : 'sell', 10)
}
journal.close()
