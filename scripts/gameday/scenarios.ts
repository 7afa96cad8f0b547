/**
 * Every GameDay scenario, in the order `run.ts` starts them: the longest (the sweep waits out
 * Redis reconnect back-offs) first, so that with `--jobs 2` the others run beside it.
 */
import type { Scenario } from './scenario.ts'
import { databaseDown } from './database-down.ts'
import { killSwitch } from './kill-switch.ts'
import { redisDown } from './redis-down.ts'
import { sigkill } from './sigkill.ts'
import { staleMarketData } from './stale-market-data.ts'
import { tornJournal } from './torn-journal.ts'

export const SCENARIOS: readonly Scenario[] = [
  redisDown,
  sigkill,
  tornJournal,
  staleMarketData,
  killSwitch,
  databaseDown,
]
