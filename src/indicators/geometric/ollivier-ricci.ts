/**
 * Ollivier–Ricci curvature of the edges of a weighted graph (Ollivier 2009, "Ricci curvature of
 * Markov chains on metric spaces", J. Funct. Anal. 256; on graphs, Lin–Lu–Yau 2011, "Ricci
 * curvature of graphs", Tohoku Math. J. 63).
 *
 * Each node x carries the lazy random-walk measure with idleness α:
 *   μ_x = α·δ_x + (1 − α)·Σ_{z~x} w(x, z)/w(x)·δ_z,   w(x) = Σ_z w(x, z),
 * and an edge x ~ y has curvature κ(x, y) = 1 − W₁(μ_x, μ_y) / d(x, y) = 1 − W₁(μ_x, μ_y), W₁
 * being the exact earth mover's distance under the hop-count metric d (weights shape the walk,
 * not the distances). κ > 0 when the neighbourhoods of x and y overlap or are interlinked (the
 * walks from x and y can meet cheaply), κ < 0 when they spread apart as on a tree.
 *
 * Why it is cheap per edge: W₁ between measures on a metric depends only on μ_x − μ_y (mass
 * common to both stays put), so the problem shrinks to the positive part against the negative
 * part, a few nodes each side. Both live in N[x] ∪ N[y], so every distance needed is 1, 2 or 3:
 * 1 if adjacent, 2 if they share a neighbour, else 3 (u – x – y – v is always a path). The
 * distances come from neighbour marks, not a breadth-first search, and the small transportation
 * problem is solved exactly (transport.ts).
 *
 * `OllivierRicci.edge` is the allocation-free kernel the `ricci` indicator calls on its sliding
 * price graph; `ollivierRicciEdges` is the checked entry point for any graph given as a weighted
 * adjacency matrix.
 */
import { TradePulseError } from '../../domain/errors.ts'
import { TransportSolver } from './transport.ts'

/**
 * A weighted undirected graph as adjacency lists over nodes 0 … neighbours.length − 1. A node
 * with no neighbours (an unused slot) is allowed.
 */
export interface WeightedAdjacency {
  /** neighbours[v]: the nodes adjacent to v, each once, never v itself. */
  readonly neighbours: readonly ArrayLike<number>[]
  /** weights[v][k] > 0: the weight of the edge {v, neighbours[v][k]}, equal seen from either end. */
  readonly weights: readonly ArrayLike<number>[]
}

/** Differences of μ_x and μ_y this small are rounding, not mass (each measure has mass 1). */
const MASS_EPSILON = 1e-14

/** Curvature of single edges, with scratch space reused from one edge to the next. */
export class OllivierRicci {
  readonly alpha: number
  readonly #solver = new TransportSolver()
  #mass = new Float64Array(0)
  #seen = new Int32Array(0)
  #near = new Int32Array(0)
  #touched = new Int32Array(0)
  #supplyNodes = new Int32Array(8)
  #demandNodes = new Int32Array(8)
  #stamp = 0

  /** `alpha` is the idleness of the walk, in [0, 1). */
  constructor(alpha = 0.5) {
    if (!(alpha >= 0 && alpha < 1)) {
      throw new TradePulseError(
        'INDICATOR_INVALID_PARAMS',
        `ollivier-ricci: alpha must be in [0, 1), was ${alpha}`,
        {
          field: 'alpha',
        },
      )
    }
    this.alpha = alpha
  }

  /**
   * κ(x, y) of the edge x ~ y of `graph`. Not checked: x and y must be adjacent nodes of a
   * well-formed graph (see `ollivierRicci` for the checked form).
   */
  edge(graph: WeightedAdjacency, x: number, y: number): number {
    const nodes = graph.neighbours.length
    if (this.#mass.length < nodes) this.#grow(nodes)
    const alpha = this.alpha
    const nx = graph.neighbours[x]!
    const wx = graph.weights[x]!
    const ny = graph.neighbours[y]!
    const wy = graph.weights[y]!
    let sx = 0
    for (let k = 0; k < wx.length; k++) sx += wx[k]!
    let sy = 0
    for (let k = 0; k < wy.length; k++) sy += wy[k]!
    const fx = (1 - alpha) / sx
    const fy = (1 - alpha) / sy

    // μ_x − μ_y on N[x] ∪ N[y].
    const stamp = this.#nextStamp()
    const mass = this.#mass
    const seen = this.#seen
    const touched = this.#touched
    let count = 0
    seen[x] = stamp
    mass[x] = alpha
    touched[count++] = x
    for (let k = 0; k < nx.length; k++) {
      const z = nx[k]!
      if (seen[z] !== stamp) {
        seen[z] = stamp
        mass[z] = 0
        touched[count++] = z
      }
      mass[z]! += wx[k]! * fx
    }
    if (seen[y] !== stamp) {
      seen[y] = stamp
      mass[y] = 0
      touched[count++] = y
    }
    mass[y]! -= alpha
    for (let k = 0; k < ny.length; k++) {
      const z = ny[k]!
      if (seen[z] !== stamp) {
        seen[z] = stamp
        mass[z] = 0
        touched[count++] = z
      }
      mass[z]! -= wy[k]! * fy
    }

    const solver = this.#solver
    if (this.#supplyNodes.length < count) {
      this.#supplyNodes = new Int32Array(count * 2)
      this.#demandNodes = new Int32Array(count * 2)
    }
    solver.reserve(count, count)
    const supplyNodes = this.#supplyNodes
    const demandNodes = this.#demandNodes
    let m = 0
    let n = 0
    for (let c = 0; c < count; c++) {
      const z = touched[c]!
      const v = mass[z]!
      if (v > MASS_EPSILON) {
        supplyNodes[m] = z
        solver.supply[m++] = v
      } else if (v < -MASS_EPSILON) {
        demandNodes[n] = z
        solver.demand[n++] = -v
      }
    }
    if (m === 0 || n === 0) return 1

    // Hop distances, all in {1, 2, 3}: supply and demand are disjoint and lie in N[x] ∪ N[y].
    const near = this.#near
    const cost = solver.cost
    for (let j = 0; j < n; j++) {
      const v = demandNodes[j]!
      const mark = this.#nextStamp()
      near[v] = mark
      const nv = graph.neighbours[v]!
      for (let k = 0; k < nv.length; k++) near[nv[k]!] = mark
      for (let i = 0; i < m; i++) {
        const u = supplyNodes[i]!
        let d = 3
        if (near[u] === mark) d = 1
        else {
          const nu = graph.neighbours[u]!
          for (let k = 0; k < nu.length; k++) {
            if (near[nu[k]!] === mark) {
              d = 2
              break
            }
          }
        }
        cost[i * n + j] = d
      }
    }
    return 1 - solver.solve(m, n)
  }

  #nextStamp(): number {
    if (this.#stamp === 0x7fffffff) {
      this.#seen.fill(0)
      this.#near.fill(0)
      this.#stamp = 0
    }
    return ++this.#stamp
  }

  #grow(nodes: number): void {
    let size = Math.max(16, this.#mass.length)
    while (size < nodes) size *= 2
    const seen = new Int32Array(size)
    seen.set(this.#seen)
    const near = new Int32Array(size)
    near.set(this.#near)
    this.#mass = new Float64Array(size)
    this.#seen = seen
    this.#near = near
    this.#touched = new Int32Array(size)
  }
}

function invalid(message: string, field = 'graph'): TradePulseError {
  return new TradePulseError('INDICATOR_INVALID_INPUT', `ollivier-ricci: ${message}`, { field })
}

/** κ(x, y) of the edge x ~ y of `graph`, checking the arguments. */
export function ollivierRicci(graph: WeightedAdjacency, x: number, y: number, alpha = 0.5): number {
  const nodes = graph.neighbours.length
  if (graph.weights.length !== nodes) throw invalid('neighbours and weights must list the same nodes')
  for (const [name, node] of [
    ['x', x],
    ['y', y],
  ] as const) {
    if (!Number.isInteger(node) || node < 0 || node >= nodes)
      throw invalid(`${name} must be a node in 0…${nodes - 1}, was ${node}`, name)
    const ns = graph.neighbours[node]!
    const ws = graph.weights[node]!
    if (ns.length !== ws.length)
      throw invalid(`node ${node} has ${ns.length} neighbours but ${ws.length} weights`)
    for (let k = 0; k < ns.length; k++) {
      const z = ns[k]!
      if (!Number.isInteger(z) || z < 0 || z >= nodes || z === node)
        throw invalid(`node ${node} lists an invalid neighbour ${z}`)
      const w = ws[k]!
      if (!(w > 0) || !Number.isFinite(w))
        throw invalid(`the edge {${node}, ${z}} must have a finite positive weight, was ${w}`)
    }
  }
  if (!lists(graph.neighbours[x]!, y) || !lists(graph.neighbours[y]!, x))
    throw invalid(`${x} and ${y} are not adjacent: curvature is defined here on edges`, 'y')
  return new OllivierRicci(alpha).edge(graph, x, y)
}

function lists(values: ArrayLike<number>, value: number): boolean {
  for (let k = 0; k < values.length; k++) if (values[k] === value) return true
  return false
}

export interface RicciEdge {
  readonly source: number
  readonly target: number
  readonly weight: number
  readonly curvature: number
}

/**
 * κ of every edge of the graph whose weighted adjacency matrix is `adjacency` (square,
 * symmetric, zero diagonal, finite non-negative weights, 0 meaning no edge), as a list of edges
 * source < target in row order.
 */
export function ollivierRicciEdges(adjacency: readonly ArrayLike<number>[], alpha = 0.5): RicciEdge[] {
  const graph = adjacencyLists(adjacency)
  const ricci = new OllivierRicci(alpha)
  const edges: RicciEdge[] = []
  for (let u = 0; u < adjacency.length; u++) {
    const row = adjacency[u]!
    for (let v = u + 1; v < row.length; v++) {
      const weight = row[v]!
      if (weight > 0) edges.push({ source: u, target: v, weight, curvature: ricci.edge(graph, u, v) })
    }
  }
  return edges
}

/** Adjacency lists of a weighted adjacency matrix, after checking it. */
export function adjacencyLists(adjacency: readonly ArrayLike<number>[]): WeightedAdjacency {
  const nodes = adjacency.length
  const neighbours: number[][] = []
  const weights: number[][] = []
  for (let u = 0; u < nodes; u++) {
    const row = adjacency[u]!
    if (row.length !== nodes)
      throw invalid(`the adjacency matrix must be square: row ${u} has ${row.length} entries`)
    const ns: number[] = []
    const ws: number[] = []
    for (let v = 0; v < nodes; v++) {
      const w = row[v]!
      if (!(w >= 0) || !Number.isFinite(w))
        throw invalid(`weight [${u}][${v}] must be finite and non-negative, was ${w}`)
      if (u === v) {
        if (w !== 0) throw invalid(`node ${u} has a self-loop; the diagonal must be 0`)
        continue
      }
      if (adjacency[v]![u] !== w)
        throw invalid(`the adjacency matrix must be symmetric: [${u}][${v}] ≠ [${v}][${u}]`)
      if (w > 0) {
        ns.push(v)
        ws.push(w)
      }
    }
    neighbours.push(ns)
    weights.push(ws)
  }
  return { neighbours, weights }
}
