/**
 * The standalone build of lightweight-charts (it defines `window.LightweightCharts`), read from
 * the installed package when a report is rendered, so the report carries the very version the
 * project depends on and opens without a network. The package's `exports` map does not list its
 * dist files, so the path is taken from its package.json.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const STANDALONE_BUILD = 'dist/lightweight-charts.standalone.production.js'

let cached: string | undefined

export function chartLibrarySource(): string {
  if (cached === undefined) {
    const packageJson = createRequire(import.meta.url).resolve('lightweight-charts/package.json')
    cached = readFileSync(join(dirname(packageJson), STANDALONE_BUILD), 'utf8')
  }
  return cached
}
