import { describe, expect, it } from 'vitest'
import { type Sbom, checkSbom, productionSbom } from './sbom-check.ts'

const integrity = (byte: number): string => `sha512-${Buffer.alloc(64, byte).toString('base64')}`
const hex = (byte: number): string => Buffer.alloc(64, byte).toString('hex')
const lock = {
  lockfileVersion: 3,
  packages: {
    '': { version: '0.1.0' },
    'node_modules/a': { version: '1.0.0', integrity: integrity(1), license: 'MIT' },
    'node_modules/@s/b': { version: '2.0.0', integrity: integrity(2), license: 'ISC' },
    'node_modules/dev-only': { version: '3.0.0', integrity: integrity(3), license: 'MIT', dev: true },
    'node_modules/other-os': { version: '4.0.0', integrity: integrity(4), license: 'MIT', optional: true },
  },
}
const installed = (path: string): boolean => path !== 'node_modules/other-os'

function component(name: string, version: string, byte: number): Sbom['components'][number] {
  const purl = `pkg:npm/${name.replace('@', '%40')}@${version}`
  return {
    'bom-ref': `${name}@${version}`,
    type: 'library',
    name,
    version,
    purl,
    hashes: [{ alg: 'SHA-512', content: hex(byte) }],
    licenses: [{ license: { id: 'MIT' } }],
  }
}

const full: Sbom = {
  bomFormat: 'CycloneDX',
  specVersion: '1.5',
  serialNumber: 'urn:uuid:bd334a8f-0a31-4da6-b76a-a4ab7629f722',
  version: 1,
  metadata: {
    timestamp: '2026-01-01T00:00:00Z',
    component: { 'bom-ref': 'root@0.1.0', type: 'library', name: 'root', version: '0.1.0' },
  },
  components: [component('a', '1.0.0', 1), component('@s/b', '2.0.0', 2), component('dev-only', '3.0.0', 3)],
  dependencies: [
    { ref: 'root@0.1.0', dependsOn: ['a@1.0.0', 'dev-only@3.0.0'] },
    { ref: 'a@1.0.0', dependsOn: ['@s/b@2.0.0'] },
    { ref: 'dev-only@3.0.0', dependsOn: [] },
  ],
}

describe('the production SBOM', () => {
  it('keeps the production packages and their graph, and checks clean', () => {
    const bom = productionSbom(full, lock, installed)
    expect(bom.components.map((c) => c.name)).toEqual(['a', '@s/b'])
    expect(bom.dependencies).toEqual([
      { ref: 'root@0.1.0', dependsOn: ['a@1.0.0'] },
      { ref: 'a@1.0.0', dependsOn: ['@s/b@2.0.0'] },
    ])
    expect(checkSbom(bom, lock, installed)).toEqual([])
  })

  it('reports a missing package, a hash that differs from the lockfile, an extra component and a broken reference', () => {
    const bom = productionSbom(full, lock, installed)
    const tampered: Sbom = {
      ...bom,
      components: [
        { ...bom.components[0]!, hashes: [{ alg: 'SHA-512', content: hex(9) }] },
        component('extra', '1.0.0', 5),
      ],
      dependencies: [{ ref: 'a@1.0.0', dependsOn: ['ghost@1.0.0'] }],
    }
    const problems = checkSbom(tampered, lock, installed)
    expect(problems).toEqual([
      expect.stringContaining('pkg:npm/a@1.0.0: SHA-512'),
      'SBOM misses the production package @s/b@2.0.0',
      'SBOM lists pkg:npm/extra@1.0.0, which is not a production package of the lockfile',
      'SBOM dependency graph names ghost@1.0.0, which is not a component',
    ])
  })

  it('names the field when the document is not CycloneDX', () => {
    expect(checkSbom({ ...full, bomFormat: 'SPDX' }, lock, installed)[0]).toMatch(/^SBOM bomFormat:/)
  })
})
