/**
 * The project configuration, `tradepulse.config.json` at the project root: for now, the allowlist
 * of plugins — code from outside TradePulse (indicator modules, strategy modules) that commands
 * may import. Each entry names one plugin by `path` (relative to the project root) or by npm
 * `package`, and pins it with the SRI hash of its files (integrity.ts says which bytes).
 *
 * A project without the file has an empty allowlist: built-ins only. The file is parsed once, at
 * the edge; the rest of TradePulse sees a `PluginAllowlist`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { TradePulseError } from '../domain/errors.ts'

export const PROJECT_CONFIG_FILE = 'tradepulse.config.json'

/** `sha512-` and the base64 of 64 bytes: what `computeIntegrity` prints. */
const INTEGRITY = /^sha512-[A-Za-z0-9+/]{86}==$/

export const PluginEntry = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9@][a-z0-9@/._-]*$/, 'must be lower-case letters, digits and @ / . _ -')
      .describe('How messages refer to the plugin'),
    path: z.string().min(1).optional().describe('Entry file, relative to the project root'),
    package: z
      .string()
      .min(1)
      .optional()
      .describe('npm package (or package/subpath) installed in the project'),
    integrity: z.string().regex(INTEGRITY, "must be 'sha512-' and the base64 of a SHA-512 digest"),
    kind: z
      .enum(['indicators', 'strategy'])
      .default('indicators')
      .describe('indicators: loaded by the indicator commands; strategy: only through --strategy'),
  })
  .refine((entry) => (entry.path === undefined) !== (entry.package === undefined), {
    message: 'give exactly one of "path" and "package"',
    path: ['path'],
  })
export type PluginEntry = z.output<typeof PluginEntry>

export const ProjectConfig = z.strictObject({
  $schema: z.string().optional(),
  plugins: z.array(PluginEntry).default([]),
})
export type ProjectConfig = z.output<typeof ProjectConfig>

/** Which plugins may load, and the directory their paths are relative to. */
export interface PluginAllowlist {
  readonly root: string
  readonly plugins: readonly PluginEntry[]
}

/** Validates a parsed configuration; PLUGIN_CONFIG_INVALID names the file and the field. */
export function parseProjectConfig(raw: unknown, file: string): ProjectConfig {
  const result = ProjectConfig.safeParse(raw)
  if (result.success) {
    const names = new Set<string>()
    result.data.plugins.forEach((entry, i) => {
      if (names.has(entry.name)) {
        throw new TradePulseError('PLUGIN_CONFIG_INVALID', `plugin name "${entry.name}" is listed twice`, {
          file,
          field: `plugins.${i}.name`,
        })
      }
      names.add(entry.name)
    })
    return result.data
  }
  const issue = result.error.issues[0]!
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`
      : issue.message
  throw new TradePulseError(
    'PLUGIN_CONFIG_INVALID',
    message,
    issue.path.length === 0 ? { file } : { file, field: issue.path.join('.') },
  )
}

/** The allowlist of the project at `root`; empty when the project has no configuration file. */
export function readPluginAllowlist(
  root: string,
  file: string = join(root, PROJECT_CONFIG_FILE),
): PluginAllowlist {
  if (!existsSync(file)) return { root, plugins: [] }
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
  return { root, plugins: parseProjectConfig(raw, file).plugins }
}
