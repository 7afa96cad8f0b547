/**
 * The gate every plugin passes before any of its code runs: it must be listed in the project's
 * allowlist (by the same path or package name), and its files must hash to the integrity pinned
 * there. The hash is taken immediately before the import, from the same files the import reads.
 */
import { realpathSync } from 'node:fs'
import { basename, extname, join, relative, resolve, sep } from 'node:path'
import { TradePulseError } from '../domain/errors.ts'
import { PROJECT_CONFIG_FILE, type PluginAllowlist, type PluginEntry } from './config.ts'
import { type PluginSource, computeIntegrity, locatePlugin } from './integrity.ts'

function samePath(a: string, b: string): boolean {
  const real = (p: string): string => {
    try {
      return realpathSync(p)
    } catch {
      return resolve(p)
    }
  }
  return real(a) === real(b)
}

/** The allowlist entry for `source`, by path (against the project root) or by package name. */
export function findAllowed(source: PluginSource, allowlist: PluginAllowlist): PluginEntry | undefined {
  return allowlist.plugins.find((entry) =>
    source.kind === 'path'
      ? entry.path !== undefined && samePath(resolve(allowlist.root, entry.path), source.entry)
      : entry.package === source.spec,
  )
}

/**
 * The allowlist entry that admits `source`. PLUGIN_NOT_ALLOWED when none lists it,
 * PLUGIN_INTEGRITY_MISMATCH when its files have changed since they were pinned; both name the
 * plugin and the hash its files have now (the mismatch the pinned one too).
 */
export function authorisePlugin(source: PluginSource, allowlist: PluginAllowlist): PluginEntry {
  const actual = computeIntegrity(source)
  const entry = findAllowed(source, allowlist)
  if (entry === undefined) {
    throw new TradePulseError(
      'PLUGIN_NOT_ALLOWED',
      `plugin "${source.spec}" is not in the allowlist (plugins of ${join(allowlist.root, PROJECT_CONFIG_FILE)}); ` +
        `its integrity is ${actual}. Read its code, then pin it: tradepulse plugins pin ${source.spec} --write`,
      { file: source.spec },
    )
  }
  if (entry.integrity !== actual) {
    throw new TradePulseError(
      'PLUGIN_INTEGRITY_MISMATCH',
      `plugin "${entry.name}" has changed since it was pinned: expected ${entry.integrity}, actual ${actual}`,
      { file: source.spec },
    )
  }
  return entry
}

/**
 * The allowlist entry that would admit `source` as it is now: its path relative to `root`
 * (forward slashes) or its package name, named after the file or the package unless `name` is
 * given.
 */
export function pinPlugin(
  source: PluginSource,
  root: string,
  options: { readonly name?: string; readonly kind?: PluginEntry['kind'] } = {},
): PluginEntry {
  const integrity = computeIntegrity(source)
  const kind = options.kind ?? 'indicators'
  if (source.kind === 'package') {
    return { name: options.name ?? source.spec.replace(/^@/, ''), package: source.spec, integrity, kind }
  }
  const path = relative(root, source.entry).split(sep).join('/')
  const fallbackName = basename(source.entry, extname(source.entry)).toLowerCase()
  return {
    name: options.name ?? fallbackName,
    path: path.startsWith('.') || path.startsWith('/') ? path : `./${path}`,
    integrity,
    kind,
  }
}

export type PluginCheck =
  | { readonly entry: PluginEntry; readonly status: 'ok' }
  | { readonly entry: PluginEntry; readonly status: 'changed'; readonly actual: string }
  | { readonly entry: PluginEntry; readonly status: 'missing' }

/** Every allowlisted plugin hashed again: unchanged, changed (with its hash now), or gone. */
export function checkAllowlist(allowlist: PluginAllowlist): PluginCheck[] {
  return allowlist.plugins.map((entry): PluginCheck => {
    const source = locatePlugin(entry.path ?? entry.package ?? '', allowlist.root)
    if (source === undefined) return { entry, status: 'missing' }
    const actual = computeIntegrity(source)
    return actual === entry.integrity ? { entry, status: 'ok' } : { entry, status: 'changed', actual }
  })
}
