import type { Command } from 'commander'
import type { AnyIndicator } from '../../indicators/core/definition.ts'
import { INDICATORS } from '../../indicators/registry.ts'
import { type CliIo, writeJson, writeLine } from '../io.ts'

interface ListFlags {
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
  indicators
    .command('list')
    .description('List every indicator with its inputs, outputs, default parameters and warm-up')
    .option('--json', 'print the list as JSON, with each parameter schema (JSON Schema)', false)
    .addHelpText(
      'after',
      `
Examples:
  tradepulse indicators list
  tradepulse indicators list --json`,
    )
    .action((flags: ListFlags) => {
      if (flags.json) {
        writeJson(
          io.stdout,
          INDICATORS.map((i) => ({
            name: i.name,
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
      let category = ''
      for (const i of INDICATORS) {
        if (i.category !== category) {
          category = i.category
          if (category !== INDICATORS[0]?.category) writeLine(io.stdout)
          writeLine(io.stdout, category)
        }
        writeLine(io.stdout, `  ${i.name.padEnd(20)} ${i.title}`)
        writeLine(io.stdout, `  ${''.padEnd(20)} ${i.description}`)
        writeLine(
          io.stdout,
          `  ${''.padEnd(20)} in: ${i.inputs.join(', ')}  out: ${i.outputs.join(', ')}  warm-up: ${i.warmup(i.resolve({}))} bars`,
        )
        writeLine(io.stdout, `  ${''.padEnd(20)} defaults: ${defaultsOf(i)}`)
      }
    })
}
