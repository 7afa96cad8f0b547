/**
 * Known curvatures from the literature — Ollivier 2009 (J. Funct. Anal. 256, the complete
 * graph), Lin–Lu–Yau 2011 (Tohoku Math. J. 63, trees and cycles) — each re-derived by hand in
 * the comments, and a cross-check against W₁ computed the long way (all nodes, Floyd–Warshall
 * distances, no cancellation).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OllivierRicci, adjacencyLists, ollivierRicci, ollivierRicciEdges } from './ollivier-ricci.ts'
import { wasserstein1 } from './transport.ts'

type Matrix = number[][]

const empty = (n: number): Matrix => Array.from({ length: n }, () => new Array<number>(n).fill(0))

function link(m: Matrix, u: number, v: number, w = 1): Matrix {
  m[u]![v] = w
  m[v]![u] = w
  return m
}

const complete = (n: number): Matrix =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : 1)))

function path(n: number): Matrix {
  const m = empty(n)
  for (let i = 0; i + 1 < n; i++) link(m, i, i + 1)
  return m
}

function cycle(n: number): Matrix {
  return link(path(n), n - 1, 0)
}

/** A tree edge 0 ~ 1 where node 0 has degree dx and node 1 has degree dy (the rest are leaves). */
function doubleStar(dx: number, dy: number): Matrix {
  const m = empty(dx + dy)
  link(m, 0, 1)
  let next = 2
  for (let k = 1; k < dx; k++) link(m, 0, next++)
  for (let k = 1; k < dy; k++) link(m, 1, next++)
  return m
}

const curvatureOf = (m: Matrix, u: number, v: number, alpha: number): number =>
  ollivierRicci(adjacencyLists(m), u, v, alpha)

describe('Ollivier–Ricci curvature on graphs with known answers', () => {
  it('complete graph K_n, α = 0: κ = (n − 2)/(n − 1) on every edge (Ollivier 2009)', () => {
    // μ_x and μ_y are uniform on the n − 1 other nodes; they agree on the n − 2 common ones and
    // differ by 1/(n − 1) at x and y, one step apart: W₁ = 1/(n − 1).
    for (let n = 3; n <= 8; n++) {
      for (const edge of ollivierRicciEdges(complete(n), 0))
        expect(edge.curvature).toBeCloseTo((n - 2) / (n - 1), 14)
    }
  })

  it('complete graph K_n with idleness α: κ = 1 − |α − (1 − α)/(n − 1)|', () => {
    // μ_x(x) = α, μ_x(z) = (1 − α)/(n − 1) elsewhere, and μ_y alike: the two agree off {x, y},
    // and μ_x − μ_y = ±(α − (1 − α)/(n − 1)) at x and y, one step apart. At α = 1/n the walks
    // are uniform on all n nodes and coincide: κ = 1. At α = ½ this is n / (2(n − 1)), half the
    // Lin–Lu–Yau curvature n/(n − 1).
    for (let n = 3; n <= 7; n++) {
      for (const alpha of [0, 0.1, 1 / n, 0.5, 0.9]) {
        const expected = 1 - Math.abs(alpha - (1 - alpha) / (n - 1))
        for (const edge of ollivierRicciEdges(complete(n), alpha))
          expect(edge.curvature).toBeCloseTo(expected, 14)
      }
      expect(curvatureOf(complete(n), 0, 1, 1 / n)).toBeCloseTo(1, 14)
    }
  })

  it('path: interior edges are flat (κ = 0) for α = 0 and α = ½', () => {
    // α = 0: μ_x = ½ δ_{x−1} + ½ δ_{x+1}, μ_y = ½ δ_x + ½ δ_{y+1}, the second the first shifted
    // by one step, and on a line W₁ = Σ |F − G| = 1. α = ½ likewise.
    const p = path(7)
    for (const alpha of [0, 0.5]) {
      for (let i = 1; i + 2 < 7; i++) expect(curvatureOf(p, i, i + 1, alpha)).toBeCloseTo(0, 14)
    }
  })

  it('path: the edge at a leaf has κ = ½ for α = ½ and 0 for α = 0', () => {
    // α = ½: μ_leaf = ½ leaf + ½ next, μ_next = ¼ leaf + ½ next + ¼ next-next. Cumulative
    // distributions ½, 1, 1 against ¼, ¾, 1 differ by ¼ + ¼: W₁ = ½.
    // α = 0: μ_leaf = δ_next, μ_next = ½ leaf + ½ next-next, each one step away: W₁ = 1.
    const p = path(5)
    expect(curvatureOf(p, 0, 1, 0.5)).toBeCloseTo(0.5, 14)
    expect(curvatureOf(p, 4, 3, 0.5)).toBeCloseTo(0.5, 14)
    expect(curvatureOf(p, 0, 1, 0)).toBeCloseTo(0, 14)
  })

  it('cycles C_n, n ≥ 6: κ = 0 for α = 0 and α = ½', () => {
    // α = 0, edge (0, 1): μ_0 = ½ δ_{n−1} + ½ δ_1, μ_1 = ½ δ_0 + ½ δ_2. Moving n − 1 → 0 and
    // 1 → 2 costs 1, and f = d(·, n − 1) is 1-Lipschitz with E_μ1 f − E_μ0 f = 2 − 1 = 1 when
    // d(n − 1, 2) = 3, i.e. n ≥ 6: W₁ = 1.
    for (let n = 6; n <= 10; n++) {
      for (const alpha of [0, 0.5]) {
        for (const edge of ollivierRicciEdges(cycle(n), alpha)) expect(edge.curvature).toBeCloseTo(0, 14)
      }
    }
  })

  it('short cycles are positively curved: C_4 κ = ½ and C_5 κ = ¼ at α = ½', () => {
    // C_4, edge (0, 1): μ_0 − μ_1 = +¼ at 0 and 3, −¼ at 1 and 2; 0 → 1 and 3 → 2 cost ¼ each.
    // C_5: +¼ at 0 and 4, −¼ at 1 and 2; 0 → 1 costs ¼, 4 → 2 is two steps: ½. W₁ = ¾.
    // Both are half the Lin–Lu–Yau values 1 and ½.
    expect(curvatureOf(cycle(4), 0, 1, 0.5)).toBeCloseTo(0.5, 14)
    expect(curvatureOf(cycle(5), 0, 1, 0.5)).toBeCloseTo(0.25, 14)
    // Without idleness C_4 is bipartite and every supply is next to every demand: W₁ = 1.
    expect(curvatureOf(cycle(4), 0, 1, 0)).toBeCloseTo(0, 14)
  })

  it('tree edge between nodes of degrees 3 and 3: κ = −2/3 for α = 0 and −1/3 for α = ½', () => {
    // Lay the tree on a line: the other neighbours A of x at −1, x at 0, y at 1, the other
    // neighbours B of y at 2. The position f is 1-Lipschitz, and an optimal plan only moves
    // mass rightwards along the line, so W₁ = E_μy f − E_μx f.
    // α = 0: μ_x = ⅓ (y + A), μ_y = ⅓ (x + B): E f = (1 − 2)/3 = −⅓ and (0 + 4)/3, W₁ = 5/3.
    // α = ½: E_μx f = (1 − 2)/6 = −⅙, E_μy f = ½ + (0 + 4)/6 = 7/6, W₁ = 4/3.
    const tree = doubleStar(3, 3)
    expect(curvatureOf(tree, 0, 1, 0)).toBeCloseTo(-2 / 3, 14)
    expect(curvatureOf(tree, 0, 1, 0.5)).toBeCloseTo(-1 / 3, 14)
  })

  it('any tree edge: κ = −2(1 − 1/d_x − 1/d_y)₊ at α = 0 and 1/d_x + 1/d_y − 1 at α = ½', () => {
    // The line argument above for general degrees: W₁ = 3 − 2/d_x − 2/d_y at α = 0 (when both
    // degrees are at least 2; a leaf edge has W₁ = 1), and 2 − 1/d_x − 1/d_y at α = ½, half of
    // Lin–Lu–Yau's 2/d_x + 2/d_y − 2 for trees. A star's leaf edge (d_x = 1) is positive at
    // α = ½ (1/d_y), only edges between two branching nodes are negative.
    for (let dx = 1; dx <= 6; dx++) {
      for (let dy = 1; dy <= 6; dy++) {
        const tree = doubleStar(dx, dy)
        expect(curvatureOf(tree, 0, 1, 0), `α = 0, ${dx}, ${dy}`).toBeCloseTo(
          -2 * Math.max(0, 1 - 1 / dx - 1 / dy),
          14,
        )
        expect(curvatureOf(tree, 0, 1, 0.5), `α = ½, ${dx}, ${dy}`).toBeCloseTo(1 / dx + 1 / dy - 1, 14)
      }
    }
  })

  it('lets weights shape the walk while distances stay hop counts', () => {
    // a – x – y with w(a, x) = 3, w(x, y) = 1, α = ½:
    // μ_x = ½ x + ⅜ a + ⅛ y, μ_y = ½ y + ½ x, μ_a = ½ a + ½ x.
    // κ(x, y): ⅜ moves from a to y, two hops: W₁ = ¾, κ = ¼ (unweighted, this leaf edge has ½).
    // κ(a, x): ⅛ moves from a to y: W₁ = ¼, κ = ¾.
    const g = link(link(empty(3), 0, 1, 3), 1, 2, 1)
    const edges = ollivierRicciEdges(g, 0.5)
    expect(edges.map((e) => [e.source, e.target, e.weight])).toEqual([
      [0, 1, 3],
      [1, 2, 1],
    ])
    expect(edges[0]!.curvature).toBeCloseTo(0.75, 14)
    expect(edges[1]!.curvature).toBeCloseTo(0.25, 14)
  })
})

/** κ the long way: measures on every node, all-pairs hop distances, W₁ on the full supports. */
function curvatureByDefinition(m: Matrix, x: number, y: number, alpha: number): number {
  const n = m.length
  const d = m.map((row, i) => row.map((w, j) => (i === j ? 0 : w > 0 ? 1 : Number.POSITIVE_INFINITY)))
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) d[i]![j] = Math.min(d[i]![j]!, d[i]![k]! + d[k]![j]!)
  const measure = (v: number): number[] => {
    const strength = m[v]!.reduce((a, b) => a + b, 0)
    return m[v]!.map((w, z) => (z === v ? alpha : ((1 - alpha) * w) / strength))
  }
  const mx = measure(x)
  const my = measure(y)
  const sx = mx.flatMap((p, i) => (p > 0 ? [i] : []))
  const sy = my.flatMap((p, i) => (p > 0 ? [i] : []))
  const cost = sx.map((i) => sy.map((j) => d[i]![j]!))
  return (
    1 -
    wasserstein1(
      sx.map((i) => mx[i]!),
      sy.map((j) => my[j]!),
      cost,
    )
  )
}

/** A connected random weighted graph: a random spanning tree plus random extra edges. */
const randomGraph = fc.integer({ min: 2, max: 9 }).chain((n) =>
  fc
    .tuple(
      fc.array(fc.nat(), { minLength: n - 1, maxLength: n - 1 }),
      fc.array(fc.tuple(fc.nat({ max: n - 1 }), fc.nat({ max: n - 1 })), { maxLength: 2 * n }),
      fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 3 * n, maxLength: 3 * n }),
    )
    .map(([parents, extra, weights]) => {
      const m = empty(n)
      let w = 0
      for (let v = 1; v < n; v++) link(m, v, parents[v - 1]! % v, weights[w++])
      for (const [u, v] of extra) if (u !== v) link(m, u, v, weights[w++ % weights.length])
      return m
    }),
)

describe('OllivierRicci', () => {
  it('agrees with the definition computed the long way on random weighted graphs', () => {
    fc.assert(
      fc.property(randomGraph, fc.constantFrom(0, 0.25, 0.5, 0.8), (m, alpha) => {
        for (const edge of ollivierRicciEdges(m, alpha)) {
          expect(edge.curvature).toBeCloseTo(curvatureByDefinition(m, edge.source, edge.target, alpha), 12)
        }
      }),
      { numRuns: 150 },
    )
  })

  it('is symmetric and lies in [−2, 1] (the support distances are at most 3)', () => {
    fc.assert(
      fc.property(randomGraph, fc.double({ min: 0, max: 0.99, noNaN: true }), (m, alpha) => {
        const graph = adjacencyLists(m)
        const ricci = new OllivierRicci(alpha)
        for (const edge of ollivierRicciEdges(m, alpha)) {
          expect(ricci.edge(graph, edge.target, edge.source)).toBeCloseTo(edge.curvature, 12)
          expect(edge.curvature).toBeGreaterThanOrEqual(-2 - 1e-12)
          expect(edge.curvature).toBeLessThanOrEqual(1 + 1e-12)
        }
      }),
      { numRuns: 100 },
    )
  })

  it('refuses what is not a graph edge or not a graph', () => {
    const p = adjacencyLists(path(4))
    expect(() => ollivierRicci(p, 0, 2)).toThrow(/0 and 2 are not adjacent/)
    expect(() => ollivierRicci(p, 0, 9)).toThrow(/y must be a node in 0…3, was 9/)
    expect(() => ollivierRicci(p, 0, 1, 1)).toThrow(/alpha must be in \[0, 1\), was 1/)
    expect(() => new OllivierRicci(-0.1)).toThrow(/alpha must be in \[0, 1\)/)
    expect(() => ollivierRicci({ neighbours: [[1], [0]], weights: [[0], [0]] }, 0, 1)).toThrow(
      /finite positive weight/,
    )
    expect(() =>
      ollivierRicciEdges([
        [0, 1],
        [2, 0],
      ]),
    ).toThrow(/must be symmetric/)
    expect(() =>
      ollivierRicciEdges([
        [1, 1],
        [1, 0],
      ]),
    ).toThrow(/self-loop/)
    expect(() =>
      ollivierRicciEdges([
        [0, -1],
        [-1, 0],
      ]),
    ).toThrow(/finite and non-negative/)
    expect(() => ollivierRicciEdges([[0, 1]])).toThrow(/must be square/)
  })
})
