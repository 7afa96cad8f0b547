/**
 * What a plugin is on disk, and its fingerprint. A plugin is named by a path (it starts with `.`
 * or `/`, or ends in .ts, .mts, .js, .mjs or .cjs; resolved against the working directory) or by
 * an npm package name (`tp-indicators`, `@acme/x`, `tp-x/fast`; resolved from the working
 * directory as `require.resolve` would from a file there).
 *
 * The integrity is a Subresource Integrity string, `sha512-` and the base64 SHA-512 digest of:
 * - for a path: the bytes of the file, exactly
 *   (`openssl dgst -sha512 -binary FILE | base64 -w0`);
 * - for a package: the bytes of its `package.json`, a NUL byte, the entry file's path relative to
 *   the package root (forward slashes), a NUL byte, and the bytes of the entry file
 *   (`{ cat package.json; printf '\0index.js\0'; cat index.js; } | openssl dgst -sha512 -binary | base64 -w0`).
 *   A JSON text cannot hold a raw NUL, so the boundaries cannot be shifted between the parts.
 *
 * Only those bytes are covered: modules the entry imports (other files, dependencies) are not.
 * docs/plugins.md spells out what this protects against and what it does not.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { TradePulseError } from '../domain/errors.ts'

const PATH_LIKE = /^(\.{1,2}[\\/]|[\\/]|[A-Za-z]:[\\/])|\.(m?ts|m?js|cjs)$/

export type PluginSource =
  | { readonly kind: 'path'; readonly spec: string; readonly entry: string }
  | {
      readonly kind: 'package'
      readonly spec: string
      readonly entry: string
      /** The directory holding the package's package.json. */
      readonly packageRoot: string
    }

export function isPathSpec(spec: string): boolean {
  return PATH_LIKE.test(spec)
}

/** The package's name in a specifier: `@scope/name` or `name`, without any subpath. */
export function packageNameOf(spec: string): string {
  const parts = spec.split('/')
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
}

/**
 * The file a specifier names, or undefined when there is none: a path that does not exist, a
 * package that is not installed in `cwd`.
 */
export function locatePlugin(spec: string, cwd: string): PluginSource | undefined {
  if (isPathSpec(spec)) {
    const entry = isAbsolute(spec) ? spec : resolve(cwd, spec)
    return existsSync(entry) ? { kind: 'path', spec, entry } : undefined
  }
  let entry: string
  try {
    entry = createRequire(join(cwd, 'package.json')).resolve(spec)
  } catch {
    return undefined
  }
  return { kind: 'package', spec, entry, packageRoot: packageRootOf(entry, packageNameOf(spec), spec) }
}

/** The file a specifier names; PLUGIN_NOT_FOUND, naming where it looked, otherwise. */
export function resolvePlugin(spec: string, cwd: string): PluginSource {
  const source = locatePlugin(spec, cwd)
  if (source !== undefined) return source
  throw new TradePulseError(
    'PLUGIN_NOT_FOUND',
    isPathSpec(spec)
      ? `plugin file ${isAbsolute(spec) ? spec : resolve(cwd, spec)} does not exist`
      : `"${spec}" is neither a path nor a package installed in ${cwd}`,
    { file: spec },
  )
}

/** The nearest directory above `entry` whose package.json is the package `name`. */
function packageRootOf(entry: string, name: string, spec: string): string {
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && manifestName(manifest) === name) return dir
    if (dirname(dir) === dir) break
  }
  throw new TradePulseError(
    'PLUGIN_LOAD_FAILED',
    `no package.json named "${name}" above its entry file ${entry}`,
    { file: spec },
  )
}

function manifestName(file: string): unknown {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name
  } catch {
    return undefined
  }
}

/** The bytes the integrity is the digest of (see the module comment). */
export function integrityInput(source: PluginSource): Buffer {
  if (source.kind === 'path') return readFileSync(source.entry)
  const entryPath = relative(source.packageRoot, source.entry).split(sep).join('/')
  return Buffer.concat([
    readFileSync(join(source.packageRoot, 'package.json')),
    Buffer.from(`\0${entryPath}\0`, 'utf8'),
    readFileSync(source.entry),
  ])
}

/** `sha512-…`: the SRI string of the plugin's files as they are now. */
export function computeIntegrity(source: PluginSource): string {
  return `sha512-${createHash('sha512').update(integrityInput(source)).digest('base64')}`
}
