/**
 * Writes observability/dashboards/*.json from the TypeScript beside it:
 *   node observability/dashboards/generate.ts
 * Commit the JSON with the change; `make obs-validate` fails when it is out of date.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DASHBOARDS, renderDashboard } from './index.ts'

for (const [file, d] of Object.entries(DASHBOARDS)) {
  writeFileSync(join(import.meta.dirname, file), await renderDashboard(d))
  console.log(`wrote observability/dashboards/${file} (${d.panels.length} panels)`)
}
