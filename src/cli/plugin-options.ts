/**
 * `--plugin PATH|PACKAGE` (repeatable) and `--config FILE`, for the commands that use indicators:
 * the registry they compute from is the built-ins, every indicator plugin the project's
 * allowlist lists, and each plugin named by a flag — each one admitted only when the allowlist
 * pins it with the integrity its files have now (docs/plugins.md).
 */
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { Option } from 'commander'
import type { IndicatorRegistry } from '../indicators/registry.ts'
import { PROJECT_CONFIG_FILE, type PluginAllowlist, readPluginAllowlist } from '../plugins/config.ts'
import { loadIndicatorPlugins } from '../plugins/indicator-plugins.ts'
import { usageError } from './options.ts'

export interface PluginFlags {
  readonly plugin: string[]
  readonly config?: string
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

/** The project configuration file a command reads: `--config`, else the working directory's. */
export function configOption(): Option {
  return new Option(
    '--config <file>',
    `project configuration with the plugin allowlist (default: ./${PROJECT_CONFIG_FILE})`,
  )
}

export function pluginOptions(): Option[] {
  return [
    new Option(
      '--plugin <path|package>',
      'load indicators from a module or npm package pinned in the allowlist (repeatable)',
    )
      .argParser(collect)
      .default([]),
    configOption(),
  ]
}

/** The allowlist of `--config FILE` (its paths relative to the file's folder), else of the working directory. */
export function allowlistFrom(flags: { readonly config?: string }): PluginAllowlist {
  if (flags.config === undefined) return readPluginAllowlist(process.cwd())
  const file = resolve(flags.config)
  if (!existsSync(file)) throw usageError('--config', `${file} does not exist`)
  return readPluginAllowlist(dirname(file), file)
}

/** Built-ins, the allowlist's indicator plugins and the `--plugin` ones, as one registry. */
export async function indicatorRegistryFrom(flags: PluginFlags): Promise<IndicatorRegistry> {
  return loadIndicatorPlugins(flags.plugin, { allowlist: allowlistFrom(flags), includeAllowlisted: true })
}
