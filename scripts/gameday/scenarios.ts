/** Every GameDay scenario, in the order `run.ts` runs them: the fast single-process ones first. */
import type { Scenario } from './scenario.ts'
import { sigkill } from './sigkill.ts'
import { tornJournal } from './torn-journal.ts'
import { killSwitch } from './kill-switch.ts'
import { staleMarketData } from './stale-market-data.ts'
import { databaseDown } from './database-down.ts'
import { redisDown } from './redis-down.ts'

export const SCENARIOS: readonly Scenario[] = [
  sigkill,
  tornJournal,
  staleMarketData,
  killSwitch,
  databaseDown,
  redisDown,
]
