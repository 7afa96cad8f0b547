/**
 * The price graph of a stretch of prices: nodes are price levels on a logarithmic grid, and each
 * move from one level to another adds one to the weight of the undirected edge between them.
 *
 * Levels: level(p) = ⌊ln p / ln(1 + δ)⌋ for a relative step δ, so a level spans a fixed
 * percentage of price and the graph of 1.00, 1.01, 1.02 is the graph of 100, 101, 102 — the
 * grid is fixed in advance, never fitted to the data, so a window's graph depends on that
 * window's prices only (causal). A jump over several levels links the two levels directly:
 * the graph records where the price went, not the levels it skipped.
 *
 * The graph is edited one transition at a time (`addTransition`, `removeTransition`), so a
 * sliding window of W prices costs one addition and one removal per bar. A node exists while it
 * has an edge (a level visited without a move to or from it carries no edge and no curvature);
 * node and edge ids are small integers recycled after removal, so the adjacency lists double as
 * the `WeightedAdjacency` the curvature kernel reads and memory stays bounded by the window.
 * Degrees are small on price graphs, so an edge is found by scanning the shorter adjacency list.
 */
import { TradePulseError } from '../../domain/errors.ts'
import type { WeightedAdjacency } from './ollivier-ricci.ts'

/** What an edit did to the graph's edge set. */
export type GraphChange = 'unchanged' | 'reweighted' | 'created' | 'deleted'

/**
 * The level of a positive price on the grid of relative step `delta` (in (0, 1)). Prices that
 * differ by a factor below 1 + δ share a level or sit on adjacent levels.
 */
export function priceLevel(price: number, delta: number): number {
  if (!(delta > 0 && delta < 1)) {
    throw new TradePulseError(
      'INDICATOR_INVALID_PARAMS',
      `price level: delta must be in (0, 1), was ${delta}`,
      {
        field: 'delta',
      },
    )
  }
  if (!(price > 0) || !Number.isFinite(price)) {
    throw new TradePulseError(
      'INDICATOR_INVALID_INPUT',
      `price level: a price must be finite and positive, was ${price}`,
      { field: 'price' },
    )
  }
  return levelOf(price, Math.log1p(delta))
}

/** The level of `price` > 0 for a grid step `logStep` = ln(1 + δ), unchecked. */
export function levelOf(price: number, logStep: number): number {
  return Math.floor(Math.log(price) / logStep)
}

export class PriceGraph implements WeightedAdjacency {
  /** neighbours[node]: adjacent nodes (an empty list for a free slot). */
  readonly neighbours: number[][] = []
  /** weights[node][k]: the number of transitions between node and neighbours[node][k]. */
  readonly weights: number[][] = []
  readonly #incident: number[][] = []
  readonly #levels: number[] = []
  readonly #nodeOf = new Map<number, number>()
  readonly #freeNodes: number[] = []
  readonly #source: number[] = []
  readonly #target: number[] = []
  readonly #weight: number[] = []
  readonly #position: number[] = []
  readonly #live: number[] = []
  readonly #freeEdges: number[] = []
  #totalWeight = 0
  /** The edge the last edit touched (its id stays readable after a deletion). */
  lastEdge = -1
  /** The nodes of the last edit, in argument order (valid ids even if the edit freed them). */
  lastFrom = -1
  lastTo = -1

  /** Number of nodes with at least one edge. */
  get nodeCount(): number {
    return this.#nodeOf.size
  }

  /** Number of distinct edges. */
  get edgeCount(): number {
    return this.#live.length
  }

  /** Number of level-changing transitions held: the sum of the edge weights. */
  get totalWeight(): number {
    return this.#totalWeight
  }

  /** One more than the largest edge id ever handed out: size for arrays indexed by edge id. */
  get edgeCapacity(): number {
    return this.#weight.length
  }

  /** The ids of the current edges, in an order that depends only on the edit history. */
  get liveEdges(): readonly number[] {
    return this.#live
  }

  /** The edge ids parallel to `neighbours[node]`. */
  incidentEdges(node: number): readonly number[] {
    return this.#incident[node]!
  }

  edgeSource(edge: number): number {
    return this.#source[edge]!
  }

  edgeTarget(edge: number): number {
    return this.#target[edge]!
  }

  /** The weight of an edge id; 0 for an id that is free. */
  edgeWeight(edge: number): number {
    return this.#weight[edge] ?? 0
  }

  /** The node of a level, or −1 if the level has no edge. */
  nodeOfLevel(level: number): number {
    return this.#nodeOf.get(level) ?? -1
  }

  levelOfNode(node: number): number {
    return this.#levels[node]!
  }

  /** The edge between two levels, or −1. */
  findEdge(levelA: number, levelB: number): number {
    const a = this.#nodeOf.get(levelA)
    const b = this.#nodeOf.get(levelB)
    if (a === undefined || b === undefined || a === b) return -1
    return this.#edgeBetween(a, b)
  }

  /** Records a move from level `from` to level `to`; a move within a level changes nothing. */
  addTransition(from: number, to: number): GraphChange {
    if (from === to) return 'unchanged'
    const a = this.#nodeFor(from)
    const b = this.#nodeFor(to)
    this.lastFrom = a
    this.lastTo = b
    this.#totalWeight++
    const edge = this.#edgeBetween(a, b)
    if (edge !== -1) {
      this.lastEdge = edge
      this.#weight[edge]!++
      this.#bump(a, edge, 1)
      this.#bump(b, edge, 1)
      return 'reweighted'
    }
    const id = this.#freeEdges.pop() ?? this.#weight.length
    this.#source[id] = a
    this.#target[id] = b
    this.#weight[id] = 1
    this.#position[id] = this.#live.length
    this.#live.push(id)
    this.neighbours[a]!.push(b)
    this.weights[a]!.push(1)
    this.#incident[a]!.push(id)
    this.neighbours[b]!.push(a)
    this.weights[b]!.push(1)
    this.#incident[b]!.push(id)
    this.lastEdge = id
    return 'created'
  }

  /** Forgets one move from `from` to `to` (or back): it must have been added. */
  removeTransition(from: number, to: number): GraphChange {
    if (from === to) return 'unchanged'
    const a = this.#nodeOf.get(from)
    const b = this.#nodeOf.get(to)
    const edge = a === undefined || b === undefined ? -1 : this.#edgeBetween(a, b)
    if (edge === -1 || a === undefined || b === undefined) {
      throw new TradePulseError(
        'INDICATOR_INVALID_INPUT',
        `price graph: no transition between levels ${from} and ${to} to remove`,
        { field: 'transition' },
      )
    }
    this.lastFrom = a
    this.lastTo = b
    this.lastEdge = edge
    this.#totalWeight--
    const weight = --this.#weight[edge]!
    if (weight > 0) {
      this.#bump(a, edge, -1)
      this.#bump(b, edge, -1)
      return 'reweighted'
    }
    this.#detach(a, edge)
    this.#detach(b, edge)
    const position = this.#position[edge]!
    const moved = this.#live.pop()!
    if (moved !== edge) {
      this.#live[position] = moved
      this.#position[moved] = position
    }
    this.#freeEdges.push(edge)
    return 'deleted'
  }

  /** Empties the graph (ids restart, memory is kept). */
  clear(): void {
    for (const list of this.neighbours) list.length = 0
    for (const list of this.weights) list.length = 0
    for (const list of this.#incident) list.length = 0
    this.#nodeOf.clear()
    this.#freeNodes.length = 0
    for (let node = this.neighbours.length - 1; node >= 0; node--) this.#freeNodes.push(node)
    this.#live.length = 0
    this.#freeEdges.length = 0
    for (let edge = this.#weight.length - 1; edge >= 0; edge--) {
      this.#weight[edge] = 0
      this.#freeEdges.push(edge)
    }
    this.#totalWeight = 0
    this.lastEdge = this.lastFrom = this.lastTo = -1
  }

  #nodeFor(level: number): number {
    const known = this.#nodeOf.get(level)
    if (known !== undefined) return known
    let node = this.#freeNodes.pop()
    if (node === undefined) {
      node = this.neighbours.length
      this.neighbours.push([])
      this.weights.push([])
      this.#incident.push([])
      this.#levels.push(level)
    }
    this.#levels[node] = level
    this.#nodeOf.set(level, node)
    return node
  }

  #edgeBetween(a: number, b: number): number {
    const na = this.neighbours[a]!
    const nb = this.neighbours[b]!
    if (na.length <= nb.length) {
      for (let k = 0; k < na.length; k++) if (na[k] === b) return this.#incident[a]![k]!
    } else {
      for (let k = 0; k < nb.length; k++) if (nb[k] === a) return this.#incident[b]![k]!
    }
    return -1
  }

  #bump(node: number, edge: number, by: number): void {
    const incident = this.#incident[node]!
    for (let k = 0; k < incident.length; k++) {
      if (incident[k] === edge) {
        this.weights[node]![k]! += by
        return
      }
    }
  }

  #detach(node: number, edge: number): void {
    const incident = this.#incident[node]!
    const neighbours = this.neighbours[node]!
    const weights = this.weights[node]!
    const last = incident.length - 1
    for (let k = 0; k <= last; k++) {
      if (incident[k] !== edge) continue
      incident[k] = incident[last]!
      neighbours[k] = neighbours[last]!
      weights[k] = weights[last]!
      incident.length = last
      neighbours.length = last
      weights.length = last
      break
    }
    if (last === 0) {
      this.#nodeOf.delete(this.#levels[node]!)
      this.#freeNodes.push(node)
    }
  }
}
