/**
 * Indicator plugins: a module (a file, or an installed npm package) whose `default` export is an
 * indicator definition or a list of them — or, without a default, whose `indicators` export is
 * such a list. A definition is what the built-ins pass to `defineIndicator` (src/indicators/core/
 * definition.ts), as a plain object; it is checked and wrapped the same way, so a plugin's
 * indicator has the same validation, non-finite rule and contract as a built-in one.
 *
 * Each plugin is authorised (allowlist.ts) before it is imported: listed in the project's
 * tradepulse.config.json and unchanged since it was pinned. Names are global: a plugin's
 * indicator under a taken name is refused (PLUGIN_NAME_CLASH).
 */
import { pathToFileURL } from 'node:url'
import { TradePulseError } from '../domain/errors.ts'
import { checkIndicatorDefinition } from '../indicators/core/check-definition.ts'
import type { AnyIndicator } from '../indicators/core/definition.ts'
import {
  type IndicatorRegistry,
  type IndicatorSource,
  createIndicatorRegistry,
} from '../indicators/registry.ts'
import { authorisePlugin } from './allowlist.ts'
import { type PluginAllowlist, type PluginEntry, readPluginAllowlist } from './config.ts'
import { type PluginSource, resolvePlugin } from './integrity.ts'

export interface LoadIndicatorPluginsOptions {
  /** Where paths and packages are resolved from, and whose configuration is read. */
  readonly cwd?: string
  /** The allowlist to authorise against; by default the one in `cwd`'s tradepulse.config.json. */
  readonly allowlist?: PluginAllowlist
  /** Also load every allowlisted plugin of kind `indicators` (what the CLI does). */
  readonly includeAllowlisted?: boolean
}

/**
 * The built-in indicators plus those of each plugin in `specs` (paths or package names) — and,
 * with `includeAllowlisted`, of every indicator plugin the allowlist lists — as one registry.
 * A plugin named twice (by a flag and by the list) is loaded once.
 */
export async function loadIndicatorPlugins(
  specs: readonly string[],
  options: LoadIndicatorPluginsOptions = {},
): Promise<IndicatorRegistry> {
  const cwd = options.cwd ?? process.cwd()
  const allowlist = options.allowlist ?? readPluginAllowlist(cwd)
  const sources: PluginSource[] = specs.map((spec) => resolvePlugin(spec, cwd))
  if (options.includeAllowlisted === true) {
    for (const entry of allowlist.plugins) {
      if (entry.kind === 'indicators')
        sources.push(resolvePlugin(entry.path ?? entry.package!, allowlist.root))
    }
  }
  const loaded: IndicatorSource[] = []
  const seen = new Set<PluginEntry>()
  for (const source of sources) {
    const entry = authorisePlugin(source, allowlist)
    if (seen.has(entry)) continue
    seen.add(entry)
    loaded.push(await importIndicatorPlugin(source, entry))
  }
  return createIndicatorRegistry(loaded)
}

/** Imports an authorised plugin and checks each definition it exports. */
export async function importIndicatorPlugin(
  source: PluginSource,
  entry: PluginEntry,
): Promise<IndicatorSource> {
  const where = `plugin "${entry.name}" (${source.spec})`
  let module: Record<string, unknown>
  try {
    module = (await import(pathToFileURL(source.entry).href)) as Record<string, unknown>
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new TradePulseError('PLUGIN_LOAD_FAILED', `${where}: could not be imported: ${reason}`)
  }
  const exported = module.default ?? module.indicators
  const definitions: unknown[] = Array.isArray(exported) ? exported : exported === undefined ? [] : [exported]
  if (definitions.length === 0) {
    const names = Object.keys(module)
    throw new TradePulseError(
      'PLUGIN_LOAD_FAILED',
      `${where}: exports no indicator definitions as "default" or "indicators"; it exports ${names.length === 0 ? 'nothing' : names.map((k) => `"${k}"`).join(', ')}`,
    )
  }
  const indicators: AnyIndicator[] = definitions.map((d) => checkIndicatorDefinition(d, where))
  return { source: where, indicators }
}
