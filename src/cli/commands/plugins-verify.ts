/**
 * `tradepulse plugins verify`: hashes every plugin of the allowlist again and says which are
 * unchanged, which have changed since they were pinned and which are gone. Exit status 1 when
 * any is not unchanged, so a CI step can run it before anything loads a plugin.
 */
import type { Command } from 'commander'
import { TradePulseError } from '../../domain/errors.ts'
import { checkAllowlist } from '../../plugins/allowlist.ts'
import { type CliIo, writeJson, writeLine } from '../io.ts'
import { allowlistFrom, configOption } from '../plugin-options.ts'

interface VerifyFlags {
  readonly config?: string
  readonly json: boolean
}

export function registerPluginsVerify(plugins: Command, io: CliIo): void {
  plugins
    .command('verify')
    .description('Check that every plugin in the allowlist still hashes to its pinned integrity')
    .addOption(configOption())
    .option('--json', 'print each plugin and its status as JSON', false)
    .addHelpText(
      'after',
      `
Examples:
  tradepulse plugins verify
  tradepulse plugins verify --config ../shared/tradepulse.config.json --json`,
    )
    .action((flags: VerifyFlags) => {
      const checks = checkAllowlist(allowlistFrom(flags))
      if (flags.json) {
        writeJson(
          io.stdout,
          checks.map((c) => ({
            name: c.entry.name,
            plugin: c.entry.path ?? c.entry.package,
            status: c.status,
            expected: c.entry.integrity,
            ...(c.status === 'changed' ? { actual: c.actual } : {}),
          })),
        )
      } else {
        if (checks.length === 0) writeLine(io.stdout, 'no plugins in the allowlist')
        for (const c of checks) {
          const plugin = c.entry.path ?? c.entry.package ?? ''
          const detail =
            c.status === 'ok'
              ? 'ok'
              : c.status === 'missing'
                ? 'MISSING: no such file or installed package'
                : `CHANGED: expected ${c.entry.integrity}, actual ${c.actual}`
          writeLine(io.stdout, `${c.entry.name} (${plugin}): ${detail}`)
        }
      }
      const changed = checks.filter((c) => c.status === 'changed')
      const missing = checks.filter((c) => c.status === 'missing')
      if (changed.length > 0) {
        throw new TradePulseError(
          'PLUGIN_INTEGRITY_MISMATCH',
          `${changed.length} of ${checks.length} plugins changed since they were pinned: ${changed.map((c) => c.entry.name).join(', ')}`,
        )
      }
      if (missing.length > 0) {
        throw new TradePulseError(
          'PLUGIN_NOT_FOUND',
          `${missing.length} of ${checks.length} plugins are missing: ${missing.map((c) => c.entry.name).join(', ')}`,
        )
      }
    })
}
