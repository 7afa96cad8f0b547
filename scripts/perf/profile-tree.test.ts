import { describe, expect, it } from 'vitest'
import { flameGraphHtml } from './flame-graph-html.ts'
import {
  type CpuProfile,
  type FlameNode,
  type HeapProfile,
  cpuProfileTree,
  heapProfileTree,
  topFrames,
} from './profile-tree.ts'

const frame = (
  functionName: string,
  lineNumber = -1,
  url = '',
): CpuProfile['nodes'][number]['callFrame'] => ({
  functionName,
  url,
  lineNumber,
})

/**
 * (root) → main → { hot → leaf, cold }, and (root) → (garbage collector).
 * Samples (node, then µs until the next sample): hot 100, leaf 50, hot 100, cold 30, gc 20, main 0
 * — the last sample runs to endTime, 10 µs after it.
 */
const tinyCpu: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 6] },
    { id: 2, callFrame: frame('main', 0, `file://${process.cwd()}/app.js`), children: [3, 5] },
    { id: 3, callFrame: frame('hot', 9, 'file:///abs/lib.js'), children: [4] },
    { id: 4, callFrame: frame('', 19, 'file:///abs/lib.js') },
    { id: 5, callFrame: frame('cold', 29, 'file:///abs/lib.js') },
    { id: 6, callFrame: frame('(garbage collector)') },
  ],
  startTime: 1000,
  // Samples at 1005, 1105, 1155, 1255, 1285, 1305; the first delta is from startTime.
  samples: [3, 4, 3, 5, 6, 2],
  timeDeltas: [5, 100, 50, 100, 30, 20],
  endTime: 1315,
}

function find(node: FlameNode, name: string): FlameNode {
  const walk = (n: FlameNode): FlameNode | undefined =>
    n.name === name ? n : n.children.map(walk).find((hit) => hit !== undefined)
  const hit = walk(node)
  if (hit === undefined) throw new Error(`no frame ${name}`)
  return hit
}

function everyTotalAddsUp(node: FlameNode): boolean {
  const sum = node.self + node.children.reduce((s, c) => s + c.total, 0)
  return node.total === sum && node.children.every(everyTotalAddsUp)
}

describe('cpuProfileTree', () => {
  const tree = cpuProfileTree(tinyCpu)

  it('weighs each sample by the time until the next one, the last running to endTime', () => {
    expect(find(tree.root, 'hot').self, 'two samples of 100 µs').toBe(200)
    expect(find(tree.root, '(anonymous)').self).toBe(50)
    expect(find(tree.root, 'cold').self).toBe(30)
    expect(find(tree.root, '(garbage collector)').self).toBe(20)
    expect(find(tree.root, 'main').self, 'the last sample: 1305 to endTime 1315').toBe(10)
  })

  it('makes each total its self plus its children, and the root the sampled wall time', () => {
    expect(find(tree.root, 'hot').total).toBe(250)
    expect(find(tree.root, 'main').total).toBe(290)
    expect(tree.root.total, 'first sample at 1005 to endTime 1315').toBe(310)
    expect(everyTotalAddsUp(tree.root)).toBe(true)
    expect(tree.unit).toBe('microseconds')
  })

  it('names locations relative to the working directory with 1-based lines', () => {
    expect(find(tree.root, 'main').location).toBe('app.js:1')
    expect(find(tree.root, 'hot').location).toBe('/abs/lib.js:10')
    expect(find(tree.root, '(garbage collector)').location).toBe('')
  })

  it('refuses samples without time deltas, naming the fields', () => {
    expect(() => cpuProfileTree({ ...tinyCpu, timeDeltas: [1] })).toThrow(
      /profile\.samples and profile\.timeDeltas/,
    )
    expect(() => cpuProfileTree({ ...tinyCpu, samples: [3, 4, 3, 5, 6, 99] })).toThrow(
      /profile\.samples\[5\]/,
    )
  })
})

describe('heapProfileTree', () => {
  const heap: HeapProfile = {
    head: {
      callFrame: frame('(root)'),
      selfSize: 0,
      children: [
        {
          callFrame: frame('load', 4, 'file:///abs/a.js'),
          selfSize: 1024,
          children: [
            { callFrame: frame('parse', 8, 'file:///abs/a.js'), selfSize: 4096, children: [] },
            { callFrame: frame('load', 4, 'file:///abs/a.js'), selfSize: 512, children: [] },
          ],
        },
      ],
    },
  }

  it('sums sampled bytes up the tree', () => {
    const tree = heapProfileTree(heap)
    expect(tree.unit).toBe('bytes')
    expect(tree.root.total).toBe(5632)
    expect(tree.root.children[0]!.total).toBe(5632)
    expect(everyTotalAddsUp(tree.root)).toBe(true)
  })

  it('counts a recursive function once per stack in its total, and all its self', () => {
    const [parse, load] = [...topFrames(heapProfileTree(heap), 10)]
      .sort((a, b) => a.name.localeCompare(b.name))
      .reverse()
    expect(parse).toEqual({ name: 'parse', location: '/abs/a.js:9', self: 4096, total: 4096 })
    expect(load).toEqual({ name: 'load', location: '/abs/a.js:5', self: 1536, total: 5632 })
  })
})

describe('topFrames', () => {
  it('orders functions by self time and leaves out the root', () => {
    const top = topFrames(cpuProfileTree(tinyCpu), 3)
    expect(top.map((f) => [f.name, f.self])).toEqual([
      ['hot', 200],
      ['(anonymous)', 50],
      ['cold', 30],
    ])
  })
})

describe('flameGraphHtml', () => {
  const html = flameGraphHtml({ title: 'tiny <profile>', tree: cpuProfileTree(tinyCpu), notes: ['a note'] })

  it('embeds every frame with its figures and lists the top functions', () => {
    const data = /<script id="profile-data" type="application\/json">(.*?)<\/script>/s.exec(html)
    expect(data, 'the tree is embedded as JSON').not.toBeNull()
    const embedded = JSON.parse(data![1]!) as { unit: string; root: unknown[] }
    expect(embedded.unit).toBe('microseconds')
    expect(embedded.root.slice(0, 4)).toEqual(['(root)', '', 0, 310])
    for (const name of ['main', 'hot', '(anonymous)', 'cold', '(garbage collector)'])
      expect(data![1], `frame ${name}`).toContain(JSON.stringify(name))
    expect(html).toContain('<td>hot</td><td>/abs/lib.js:10</td><td>0.2 ms</td><td>64.5%</td>')
  })

  it('is self-contained and escapes what it prints', () => {
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\//)
    expect(html).toContain('<title>tiny &#60;profile&#62;</title>')
    const hostile = flameGraphHtml({
      title: 't',
      tree: { unit: 'bytes', root: { name: '</script><b>', location: '', self: 1, total: 1, children: [] } },
    })
    expect(hostile).not.toContain('</script><b>')
  })
})
