import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PriceGraph, priceLevel } from './price-graph.ts'

/** The graph as `low-high → weight`, read through the public adjacency. */
function edgeMap(graph: PriceGraph): Map<string, number> {
  const edges = new Map<string, number>()
  for (const edge of graph.liveEdges) {
    const a = graph.levelOfNode(graph.edgeSource(edge))
    const b = graph.levelOfNode(graph.edgeTarget(edge))
    edges.set(`${Math.min(a, b)}:${Math.max(a, b)}`, graph.edgeWeight(edge))
  }
  return edges
}

/** The graph of a level sequence built from scratch, the definition written out. */
function graphOf(levels: readonly number[]): Map<string, number> {
  const edges = new Map<string, number>()
  for (let i = 1; i < levels.length; i++) {
    const a = levels[i - 1]!
    const b = levels[i]!
    if (a === b) continue
    const key = `${Math.min(a, b)}:${Math.max(a, b)}`
    edges.set(key, (edges.get(key) ?? 0) + 1)
  }
  return edges
}

describe('priceLevel', () => {
  it('puts prices on a logarithmic grid of relative step delta', () => {
    // ln 100 / ln 1.01 = 462.8…
    expect(priceLevel(100, 0.01)).toBe(462)
    expect(priceLevel(1, 0.01)).toBe(0)
    expect(priceLevel(0.995, 0.01)).toBe(-1)
    // Half a step above level 462's floor, one step up is level 463, ten steps up 472.
    const mid = 1.01 ** 462.5
    expect(priceLevel(mid, 0.01)).toBe(462)
    expect(priceLevel(mid * 1.01, 0.01)).toBe(463)
    expect(priceLevel(mid * 1.01 ** 10, 0.01)).toBe(472)
  })

  it('does not depend on the price scale: a factor (1 + δ)^k shifts every level by k', () => {
    const prices = [101.3, 99.2, 100.7, 104.1, 97.6]
    const shift = 1.005 ** 40
    const levels = prices.map((p) => priceLevel(p, 0.005))
    const shifted = prices.map((p) => priceLevel(p * shift, 0.005) - 40)
    expect(shifted).toEqual(levels)
  })

  it('refuses a price without a logarithm and a step outside (0, 1)', () => {
    expect(() => priceLevel(0, 0.01)).toThrow(/finite and positive/)
    expect(() => priceLevel(-3, 0.01)).toThrow(/finite and positive/)
    expect(() => priceLevel(Number.NaN, 0.01)).toThrow(/finite and positive/)
    expect(() => priceLevel(100, 0)).toThrow(/delta must be in \(0, 1\)/)
    expect(() => priceLevel(100, 1)).toThrow(/delta must be in \(0, 1\)/)
  })
})

describe('PriceGraph', () => {
  it('counts moves between levels as edge weights; a jump links the two levels directly', () => {
    const graph = new PriceGraph()
    expect(graph.addTransition(5, 5)).toBe('unchanged')
    expect(graph.addTransition(5, 6)).toBe('created')
    expect(graph.addTransition(6, 5)).toBe('reweighted')
    expect(graph.addTransition(5, 9)).toBe('created')
    expect(edgeMap(graph)).toEqual(
      new Map([
        ['5:6', 2],
        ['5:9', 1],
      ]),
    )
    expect(graph.nodeCount).toBe(3)
    expect(graph.edgeCount).toBe(2)
    expect(graph.totalWeight).toBe(3)
    // Levels 7 and 8 were jumped over: they are not nodes.
    expect(graph.nodeOfLevel(7)).toBe(-1)
    const five = graph.nodeOfLevel(5)
    expect([...graph.neighbours[five]!].map((n) => graph.levelOfNode(n)).sort()).toEqual([6, 9])
    expect([...graph.weights[five]!].sort()).toEqual([1, 2])
  })

  it('forgets moves, dropping edges at weight zero and nodes without edges', () => {
    const graph = new PriceGraph()
    graph.addTransition(1, 2)
    graph.addTransition(2, 1)
    graph.addTransition(2, 3)
    expect(graph.removeTransition(1, 2)).toBe('reweighted')
    expect(graph.removeTransition(2, 1)).toBe('deleted')
    expect(graph.nodeOfLevel(1)).toBe(-1)
    expect(edgeMap(graph)).toEqual(new Map([['2:3', 1]]))
    expect(graph.nodeCount).toBe(2)
    expect(() => graph.removeTransition(1, 2)).toThrow(/no transition between levels 1 and 2/)
    expect(graph.removeTransition(4, 4)).toBe('unchanged')
    graph.clear()
    expect(graph.edgeCount).toBe(0)
    expect(graph.totalWeight).toBe(0)
    expect(graph.addTransition(7, 8)).toBe('created')
    expect(edgeMap(graph)).toEqual(new Map([['7:8', 1]]))
  })

  it('slid over a series, always holds the graph of the window', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 3, max: 30 }),
        (levels, window) => {
          const graph = new PriceGraph()
          for (let t = 1; t < levels.length; t++) {
            if (t >= window) graph.removeTransition(levels[t - window]!, levels[t - window + 1]!)
            graph.addTransition(levels[t - 1]!, levels[t]!)
            expect(edgeMap(graph)).toEqual(graphOf(levels.slice(Math.max(0, t - window + 1), t + 1)))
            // The adjacency lists agree with the edge list, seen from both ends.
            let weightSum = 0
            graph.neighbours.forEach((ns, node) => {
              for (let k = 0; k < ns.length; k++) {
                const edge = graph.incidentEdges(node)[k]!
                expect(graph.weights[node]![k]).toBe(graph.edgeWeight(edge))
                expect([graph.edgeSource(edge), graph.edgeTarget(edge)].sort()).toEqual([node, ns[k]!].sort())
                weightSum += graph.weights[node]![k]!
              }
            })
            expect(weightSum).toBe(2 * graph.totalWeight)
          }
        },
      ),
      { numRuns: 100 },
    )
  })
})
