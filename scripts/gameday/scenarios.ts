/** Every GameDay scenario, in the order `run.ts` runs them: the fast single-process ones first. */
import type { Scenario } from './scenario.ts'
import { sigkill } from './sigkill.ts'
import { tornJournal } from './torn-journal.ts'

export const SCENARIOS: readonly Scenario[] = [sigkill, tornJournal]
