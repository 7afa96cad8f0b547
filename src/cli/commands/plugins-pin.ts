/**
 * `tradepulse plugins pin PATH|PACKAGE`: the allowlist entry that admits a plugin as its files are
 * now — printed, or written into the project configuration with `--write` (replacing an entry
 * of the same name, path or package). Pinning runs none of the plugin's code: read it first.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Command } from 'commander'
import { writeFileAtomically } from '../../data/atomic-file.ts'
import { TradePulseError } from '../../domain/errors.ts'
import { pinPlugin } from '../../plugins/allowlist.ts'
import { PROJECT_CONFIG_FILE, type PluginEntry, parseProjectConfig } from '../../plugins/config.ts'
import { resolvePlugin } from '../../plugins/integrity.ts'
import { type CliIo, writeJson, writeLine } from '../io.ts'
import { configOption } from '../plugin-options.ts'

interface PinFlags {
  readonly config?: string
  readonly name?: string
  readonly strategy: boolean
  readonly write: boolean
}

/** The configuration file as JSON, other keys kept; an empty one when there is no file yet. */
function readRawConfig(file: string): Record<string, unknown> {
  if (!existsSync(file)) return { plugins: [] }
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new TradePulseError(
      'PLUGIN_CONFIG_INVALID',
      `not JSON: ${error instanceof Error ? error.message : String(error)}`,
      { file },
    )
  }
  parseProjectConfig(raw, file)
  return raw as Record<string, unknown>
}

/** The entry as it is written: `kind` only when it is not the default. */
function written(entry: PluginEntry): Partial<Record<string, string>> {
  const { kind, ...rest } = entry
  return kind === 'indicators' ? rest : { ...rest, kind }
}

export function registerPluginsPin(plugins: Command, io: CliIo): void {
  plugins
    .command('pin')
    .description('Print (or write with --write) the allowlist entry that pins a plugin as its files are now')
    .argument('<plugin>', 'a module path (./my-indicators.js) or an installed npm package name')
    .addOption(configOption())
    .option('--name <name>', 'how messages refer to the plugin (default: the file or package name)')
    .option(
      '--strategy',
      'a strategy module, loaded only through --strategy, not by the indicator commands',
      false,
    )
    .option('--write', 'add the entry to the configuration file, replacing one for the same plugin', false)
    .addHelpText(
      'after',
      `
Examples:
  tradepulse plugins pin ./examples/plugin-indicators/index.js --name example
  tradepulse plugins pin tradepulse-plugin-example --write
  tradepulse plugins pin ./my-strategy.ts --strategy --write`,
    )
    .action(async (spec: string, flags: PinFlags) => {
      const file = resolve(flags.config ?? PROJECT_CONFIG_FILE)
      const source = resolvePlugin(spec, process.cwd())
      const entry = pinPlugin(source, dirname(file), {
        ...(flags.name === undefined ? {} : { name: flags.name }),
        kind: flags.strategy ? 'strategy' : 'indicators',
      })
      if (!flags.write) {
        writeJson(io.stdout, written(entry))
        return
      }
      const raw = readRawConfig(file)
      const existing = Array.isArray(raw.plugins) ? (raw.plugins as Record<string, unknown>[]) : []
      const same = (other: Record<string, unknown>): boolean =>
        other.name === entry.name ||
        (entry.path !== undefined && other.path === entry.path) ||
        (entry.package !== undefined && other.package === entry.package)
      const next = { ...raw, plugins: [...existing.filter((other) => !same(other)), written(entry)] }
      parseProjectConfig(next, file)
      await writeFileAtomically(file, `${JSON.stringify(next, null, 2)}\n`)
      writeLine(io.stdout, `pinned "${entry.name}" (${spec}) at ${entry.integrity} in ${file}`)
    })
}
