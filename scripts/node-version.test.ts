import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8')

describe('the Node version', () => {
  it('is the same in engines, the node devDependency, .nvmrc, the dev container and the running tests', () => {
    const pkg = JSON.parse(read('package.json')) as {
      engines: { node: string }
      devDependencies: Record<string, string>
    }
    const major = process.versions.node.split('.')[0]!
    expect(pkg.engines.node).toBe(`>=${major}`)
    expect(pkg.devDependencies.node).toMatch(new RegExp(`^\\^${major}\\.`))
    expect(read('.nvmrc').trim()).toBe(major)
    expect(read('.devcontainer/devcontainer.json')).toContain(`typescript-node:1-${major}-`)
  })
})
