import type { Command } from 'commander'
import type { AnyIndicator } from '../../indicators/core/definition.ts'
import { BUILTIN_SOURCE } from '../../indicators/registry.ts'
import { type CliIo, writeJson, writeLine } from '../io.ts'
import { type PluginFlags, indicatorRegistryFrom, pluginOptions } from '../plugin-options.ts'

interface ListFlags extends PluginFlags {
  readonly json: boolean
}

/** Defaults as `period=14 multiplier=2`, read from the schema so the listing cannot drift. */
function defaultsOf(indicator: AnyIndicator): string {
  const schema = indicator.describeParams() as { properties?: Record<string, { default?: unknown }> }
  return Object.entries(schema.properties ?? {})
    .map(([name, p]) => `${name}=${JSON.stringify(p.default)}`)
    .join(' ')
}

export function registerIndicatorsList(indicators: Command, io: CliIo): void {
  const command = indicators
    .command('list')
    .description('List every indicator with its inputs, outputs, default parameters and warm-up')
  for (const option of pluginOptions()) command.addOption(option)
  command
    .option('--json', 'print the list as JSON, with each parameter schema (JSON Schema)', false)
    .addHelpText(
      'after',
      `
Examples:
  tradepulse indicators list
  tradepulse indicators list --json
  tradepulse indicators list --plugin ./examples/plugin-indicators/index.js`,
    )
    .action(async (flags: ListFlags) => {
      const registry = await indicatorRegistryFrom(flags)
      const all = registry.indicators
      if (flags.json) {
        writeJson(
          io.stdout,
          all.map((i) => ({
            name: i.name,
            source: registry.sourceOf(i.name),
            title: i.title,
            category: i.category,
            description: i.description,
            inputs: i.inputs,
            outputs: i.outputs,
            warmup: i.warmup(i.resolve({})),
            params: i.describeParams(),
          })),
        )
        return
      }
      // Built-ins by category; each plugin's indicators after them, under the plugin's name.
      let heading = ''
      for (const i of all) {
        const source = registry.sourceOf(i.name) ?? BUILTIN_SOURCE
        const group = source === BUILTIN_SOURCE ? i.category : source
        if (group !== heading) {
          if (heading !== '') writeLine(io.stdout)
          heading = group
          writeLine(io.stdout, group)
        }
        writeLine(
          io.stdout,
          `  ${i.name.padEnd(20)} ${i.title}${source === BUILTIN_SOURCE ? '' : ` (${i.category})`}`,
        )
        writeLine(io.stdout, `  ${''.padEnd(20)} ${i.description}`)
        writeLine(
          io.stdout,
          `  ${''.padEnd(20)} in: ${i.inputs.join(', ')}  out: ${i.outputs.join(', ')}  warm-up: ${i.warmup(i.resolve({}))} bars`,
        )
        writeLine(io.stdout, `  ${''.padEnd(20)} defaults: ${defaultsOf(i)}`)
      }
    })
}
