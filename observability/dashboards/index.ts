/** The dashboards of TradePulse and the JSON file each is written to (beside this module). */
import { join } from 'node:path'
import { format, resolveConfig } from 'prettier'
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

/** The file's text: the builders' key order, formatted by Prettier as every JSON file of the repository is. */
export async function renderDashboard(d: Dashboard): Promise<string> {
  const filepath = join(import.meta.dirname, 'dashboard.json')
  return format(JSON.stringify(d), { ...(await resolveConfig(filepath)), filepath })
}
