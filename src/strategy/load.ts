/**
 * Finding the strategy `--strategy` names. In order:
 * 1. a built-in name (`regime`);
 * 2. a path — it starts with `.` or `/`, or ends in .ts, .mts, .js or .mjs — resolved against the
 *    working directory and imported (Node strips the types of a .ts file itself);
 * 3. an npm package name (`@acme/strategies`, `tp-momentum/fast`), resolved from the working
 *    directory as `require.resolve` would from a file there — so the package must be installed
 *    in the project that runs it — and imported.
 *
 * The module must export a strategy definition as `default` or as `strategy` (the default wins
 * when both are); the definition is checked like `defineStrategy` checks one. Failures are
 * STRATEGY_NOT_FOUND (nothing by that name) or STRATEGY_LOAD_FAILED (found, but it does not import
 * or exports no definition), each naming the module.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { isAbsolute, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { TradePulseError } from '../domain/errors.ts'
import { checkStrategyDefinition } from './define.ts'
import { BUILTIN_STRATEGIES, findStrategy } from './registry.ts'
import type { AnyStrategy } from './types.ts'

const PATH_LIKE = /^(\.{1,2}[\\/]|[\\/]|[A-Za-z]:[\\/])|\.(m?ts|m?js|cjs)$/

export async function loadStrategy(nameOrPath: string, cwd: string = process.cwd()): Promise<AnyStrategy> {
  const builtin = findStrategy(nameOrPath)
  if (builtin !== undefined) return builtin
  if (PATH_LIKE.test(nameOrPath)) {
    const file = isAbsolute(nameOrPath) ? nameOrPath : resolve(cwd, nameOrPath)
    if (!existsSync(file)) {
      throw new TradePulseError('STRATEGY_NOT_FOUND', `strategy file ${file} does not exist`, {
        file: nameOrPath,
      })
    }
    return importDefinition(pathToFileURL(file).href, nameOrPath)
  }
  let resolved: string
  try {
    resolved = createRequire(join(cwd, 'package.json')).resolve(nameOrPath)
  } catch {
    throw new TradePulseError(
      'STRATEGY_NOT_FOUND',
      `"${nameOrPath}" is neither a built-in strategy (${BUILTIN_STRATEGIES.map((s) => s.name).join(', ')}), a path, nor a package installed in ${cwd}`,
    )
  }
  return importDefinition(pathToFileURL(resolved).href, nameOrPath)
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
