/**
 * Finding the strategy `--strategy` names. In order:
 * 1. a built-in name (`regime`);
 * 2. a path — it starts with `.` or `/`, or ends in .ts, .mts, .js or .mjs — resolved against the
 *    working directory and imported (Node strips the types of a .ts file itself);
 * 3. an npm package name (`@acme/strategies`, `tp-momentum/fast`), resolved from the working
 *    directory as `require.resolve` would from a file there — so the package must be installed
 *    in the project that runs it — and imported.
 *
 * A file or package is code from outside TradePulse: it loads only when the project's allowlist
 * (tradepulse.config.json, see src/plugins/config.ts) lists it with the integrity its files have
 * now — PLUGIN_NOT_ALLOWED or PLUGIN_INTEGRITY_MISMATCH otherwise. Built-ins need no listing.
 *
 * The module must export a strategy definition as `default` or as `strategy` (the default wins
 * when both are); the definition is checked like `defineStrategy` checks one. Failures are
 * STRATEGY_NOT_FOUND (nothing by that name) or STRATEGY_LOAD_FAILED (found, but it does not import
 * or exports no definition), each naming the module.
 */
import { isAbsolute, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { TradePulseError } from '../domain/errors.ts'
import { authorisePlugin } from '../plugins/allowlist.ts'
import { type PluginAllowlist, readPluginAllowlist } from '../plugins/config.ts'
import { isPathSpec, locatePlugin } from '../plugins/integrity.ts'
import { checkStrategyDefinition } from './define.ts'
import { BUILTIN_STRATEGIES, findStrategy } from './registry.ts'
import type { AnyStrategy } from './types.ts'

export interface LoadStrategyOptions {
  /** The allowlist to authorise a file or package against; by default `cwd`'s tradepulse.config.json. */
  readonly allowlist?: PluginAllowlist
}

export async function loadStrategy(
  nameOrPath: string,
  cwd: string = process.cwd(),
  options: LoadStrategyOptions = {},
): Promise<AnyStrategy> {
  const builtin = findStrategy(nameOrPath)
  if (builtin !== undefined) return builtin
  const source = locatePlugin(nameOrPath, cwd)
  if (source === undefined) {
    if (isPathSpec(nameOrPath)) {
      throw new TradePulseError(
        'STRATEGY_NOT_FOUND',
        `strategy file ${isAbsolute(nameOrPath) ? nameOrPath : resolve(cwd, nameOrPath)} does not exist`,
        { file: nameOrPath },
      )
    }
    throw new TradePulseError(
      'STRATEGY_NOT_FOUND',
      `"${nameOrPath}" is neither a built-in strategy (${BUILTIN_STRATEGIES.map((s) => s.name).join(', ')}), a path, nor a package installed in ${cwd}`,
    )
  }
  // Nothing of the module runs before it is found on the allowlist, unchanged.
  authorisePlugin(source, options.allowlist ?? readPluginAllowlist(cwd))
  return importDefinition(pathToFileURL(source.entry).href, nameOrPath)
}

async function importDefinition(url: string, name: string): Promise<AnyStrategy> {
  let module: Record<string, unknown>
  try {
    module = (await import(url)) as Record<string, unknown>
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new TradePulseError('STRATEGY_LOAD_FAILED', `could not be imported: ${reason}`, {
      file: name,
    })
  }
  const candidate = module.default ?? module.strategy
  if (candidate === undefined) {
    const exported = Object.keys(module)
    throw new TradePulseError(
      'STRATEGY_LOAD_FAILED',
      `exports no strategy as "default" or "strategy"; it exports ${exported.length === 0 ? 'nothing' : exported.map((k) => `"${k}"`).join(', ')}`,
      { file: name },
    )
  }
  checkStrategyDefinition(candidate, name)
  return candidate
}
