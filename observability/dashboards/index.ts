/** The dashboards of TradePulse and the JSON file each is written to (beside this module). */
import { backtests } from './backtests.ts'
import { execution } from './execution.ts'
import { overview } from './overview.ts'
import type { Dashboard } from './panels.ts'
import { serviceHealth } from './service-health.ts'

export const DASHBOARDS: Readonly<Record<string, Dashboard>> = {
  'overview.json': overview,
  'execution.json': execution,
  'backtests.json': backtests,
  'service-health.json': serviceHealth,
}

/** The file's text: stable key order (the builders'), two-space indent, a final newline. */
export function renderDashboard(d: Dashboard): string {
  return `${JSON.stringify(d, null, 2)}\n`
}
