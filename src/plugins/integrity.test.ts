import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pinPlugin } from './allowlist.ts'
import { computeIntegrity, packageNameOf, resolvePlugin } from './integrity.ts'

let project: string
const MANIFEST = '{"name":"@acme/ind","type":"module","exports":{".":"./lib/main.js"}}'
const ENTRY = 'export default []\n'

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'tradepulse-integrity-'))
  const pkg = join(project, 'node_modules', '@acme', 'ind')
  mkdirSync(join(pkg, 'lib'), { recursive: true })
  writeFileSync(join(pkg, 'package.json'), MANIFEST)
  writeFileSync(join(pkg, 'lib', 'main.js'), ENTRY)
  writeFileSync(join(project, 'mine.mjs'), ENTRY)
})

afterAll(() => {
  rmSync(project, { recursive: true, force: true })
})

const sri = (bytes: string | Buffer): string =>
  `sha512-${createHash('sha512').update(bytes).digest('base64')}`

describe('computeIntegrity', () => {
  it("is the SRI hash of a path plugin's file, byte for byte", () => {
    const source = resolvePlugin('./mine.mjs', project)
    expect(computeIntegrity(source)).toBe(sri(readFileSync(join(project, 'mine.mjs'))))
  })

  it('covers package.json, the entry path and the entry of a package, NUL-separated', () => {
    const source = resolvePlugin('@acme/ind', project)
    expect(source).toMatchObject({
      kind: 'package',
      packageRoot: join(project, 'node_modules', '@acme', 'ind'),
    })
    expect(computeIntegrity(source)).toBe(sri(`${MANIFEST}\0lib/main.js\0${ENTRY}`))
  })

  it('changes when only the package.json changes', () => {
    const source = resolvePlugin('@acme/ind', project)
    const before = computeIntegrity(source)
    const manifest = join(project, 'node_modules', '@acme', 'ind', 'package.json')
    writeFileSync(manifest, MANIFEST.replace('"type"', '"version":"2.0.0","type"'))
    try {
      expect(computeIntegrity(source)).not.toBe(before)
    } finally {
      writeFileSync(manifest, MANIFEST)
    }
  })
})

describe('resolvePlugin', () => {
  it('names what it could not find', () => {
    expect(() => resolvePlugin('./gone.js', project)).toThrow(
      `plugin file ${join(project, 'gone.js')} does not exist`,
    )
    expect(() => resolvePlugin('tp-absent', project)).toThrow(
      `"tp-absent" is neither a path nor a package installed in ${project}`,
    )
  })

  it('takes the package name without its subpath', () => {
    expect(packageNameOf('@acme/ind/fast')).toBe('@acme/ind')
    expect(packageNameOf('tp-x/fast')).toBe('tp-x')
  })
})

describe('pinPlugin', () => {
  it('writes a path relative to the project root, named after the file', () => {
    expect(pinPlugin(resolvePlugin('./mine.mjs', project), project)).toEqual({
      name: 'mine',
      path: './mine.mjs',
      integrity: sri(ENTRY),
      kind: 'indicators',
    })
  })

  it('pins a package by its name', () => {
    const entry = pinPlugin(resolvePlugin('@acme/ind', project), project, { kind: 'strategy' })
    expect(entry).toMatchObject({ name: 'acme/ind', package: '@acme/ind', kind: 'strategy' })
  })
})
