/**
 * Ollivier–Ricci curvature of the price graph: how the levels a price visited in its last
 * `window` values are interlinked. The window's prices are placed on a logarithmic level grid
 * and every move between two levels is an edge of the price graph (price-graph.ts); each edge
 * gets its Ollivier–Ricci curvature under the lazy random walk with idleness α
 * (ollivier-ricci.ts), and the outputs are
 * - `curvature`: the mean κ over the edges, weighted by edge weight (the number of moves along
 *   it) — positive when the price keeps crossing the same densely linked levels (congestion,
 *   mean reversion), negative when the graph is a stretched, tree-like path (a breakout leaving
 *   levels behind); 0 for a window without a move between levels (flat prices: a single point
 *   has no geometry, and 0 is neither congestion nor stretch);
 * - `temporal`: curvature(t) − curvature(t − lag), the change since the previous window;
 * - `transition`: the weighted Jaccard distance between the normalised edge-weight
 *   distributions of the graphs at t and t − lag, in [0, 1]: 0 for the same graph traversed in
 *   the same proportions, 1 when the two windows share no edge.
 *
 * Incremental design: each bar adds the newest transition and removes the oldest, and the
 * curvature of an edge x ~ y depends only on the walks from x and y (the weights at x and y)
 * and on hop distances, capped at 3, among their neighbourhoods. So κ is cached per edge and
 * recomputed only where it can have changed: a reweighted edge {a, b} changes the walks at a
 * and b, hence the edges incident to a or b; an edge {a, b} appearing or vanishing also changes
 * distances, but only between a (or b) and nodes within one step of the other end, which
 * matters to the edges with an endpoint in N[a] ∪ N[b]. When the transition leaving the window
 * is the one entering it (an oscillation), nothing is touched at all.
 *
 * The graph of the window `lag` bars back is maintained the same way (without curvature), and
 * each edge of the current graph keeps a link to the same edge in the lagged graph, so the
 * transition score is one pass over the current edges in exact integer arithmetic. The batch
 * kernel and the streaming class drive the same machine with the same values, so they agree to
 * the last bit.
 */
import { z } from 'zod'
import { rowStream } from '../core/adapters.ts'
import { type OutputRange, defineIndicator } from '../core/definition.ts'
import { windowParam } from '../core/params.ts'
import { RingBuffer } from '../core/ring-buffer.ts'
import { type StreamingIndicator, isFiniteNumber } from '../core/streaming.ts'
import { OllivierRicci } from './ollivier-ricci.ts'
import { type GraphChange, PriceGraph, levelOf } from './price-graph.ts'

export const ricciParams = z.strictObject({
  window: windowParam(128, 'Number of prices whose price graph is measured', 3),
  delta: z
    .number()
    .gt(0)
    .lt(1)
    .default(0.005)
    .describe('Relative step of the price-level grid: level = floor(ln p / ln(1 + delta))'),
  alpha: z
    .number()
    .min(0)
    .lt(1)
    .default(0.5)
    .describe('Idleness of the lazy random walk: the share of mass a node keeps, in [0, 1)'),
  lag: windowParam(0, 'Bars between the two graphs compared by temporal and transition; 0 means window', 0),
})
export type RicciParams = z.input<typeof ricciParams>
type ResolvedRicciParams = z.output<typeof ricciParams>

export type RicciOutput = 'curvature' | 'temporal' | 'transition'
/**
 * κ = 1 − W₁ with every hop distance at most 3, so −2 ≤ κ ≤ 1, and a weighted mean of κs stays in
 * that interval; `temporal` is the difference of two such means; `transition` is a distance in [0, 1].
 */
export const RICCI_RANGES: Readonly<Record<RicciOutput, OutputRange>> = {
  curvature: { min: -2, max: 1 },
  temporal: { min: -3, max: 3 },
  transition: { min: 0, max: 1 },
}
export interface RicciRow {
  curvature: number
  temporal: number
  transition: number
}
export interface RicciColumns {
  readonly curvature: Float64Array
  readonly temporal: Float64Array
  readonly transition: Float64Array
}

/** The lag actually used: `lag`, or `window` when `lag` is 0. */
export function effectiveLag(p: { readonly window: number; readonly lag: number }): number {
  return p.lag === 0 ? p.window : p.lag
}

/**
 * The sliding price graphs and their curvature, fed one positive price at a time. Shared by the
 * batch kernel and the streaming class.
 */
class RicciMachine {
  readonly window: number
  readonly lag: number
  curvature = Number.NaN
  temporal = Number.NaN
  transition = Number.NaN
  readonly #logStep: number
  readonly #graph = new PriceGraph()
  readonly #lagged = new PriceGraph()
  readonly #ricci: OllivierRicci
  readonly #levels: Float64Array
  readonly #history: RingBuffer
  #count = 0
  #kappa = new Float64Array(64)
  #dirtyMark = new Float64Array(64)
  #dirty = new Int32Array(64)
  #dirtyCount = 0
  #epoch = 1
  /** Current edge id → the same edge's id in the lagged graph, or −1; and the converse. */
  #partner = new Int32Array(64)
  #laggedPartner = new Int32Array(64)
  #mean = 0
  #meanStale = true

  constructor(p: ResolvedRicciParams) {
    this.window = p.window
    this.lag = effectiveLag(p)
    this.#logStep = Math.log1p(p.delta)
    this.#ricci = new OllivierRicci(p.alpha)
    // Levels of the last window + lag + 1 prices: the oldest transition of the lagged window.
    this.#levels = new Float64Array(this.window + this.lag + 1)
    this.#history = new RingBuffer(this.lag)
  }

  /** Takes the next price, which must be finite and positive, and updates the three outputs. */
  push(price: number): void {
    const t = this.#count++
    const levels = this.#levels
    const size = levels.length
    levels[t % size] = levelOf(price, this.#logStep)
    const w = this.window
    const lag = this.lag

    if (t >= 1) {
      const from = levels[(t - 1) % size]!
      const to = levels[t % size]!
      if (t >= w) {
        const oldFrom = levels[(t - w) % size]!
        const oldTo = levels[(t - w + 1) % size]!
        if (!samePair(oldFrom, oldTo, from, to)) {
          this.#editCurrent(this.#graph.removeTransition(oldFrom, oldTo))
          this.#editCurrent(this.#graph.addTransition(from, to))
        }
      } else {
        this.#editCurrent(this.#graph.addTransition(from, to))
      }
      this.#refresh()
    }
    this.curvature = t >= w - 1 ? this.#meanCurvature() : Number.NaN
    this.temporal = this.curvature - this.#history.push(this.curvature)

    const s = t - lag
    if (s >= 1) {
      const from = levels[(s - 1) % size]!
      const to = levels[s % size]!
      if (s >= w) {
        const oldFrom = levels[(s - w) % size]!
        const oldTo = levels[(s - w + 1) % size]!
        if (!samePair(oldFrom, oldTo, from, to)) {
          this.#editLagged(this.#lagged.removeTransition(oldFrom, oldTo))
          this.#editLagged(this.#lagged.addTransition(from, to))
        }
      } else {
        this.#editLagged(this.#lagged.addTransition(from, to))
      }
    }
    this.transition = s >= w - 1 ? this.#transitionScore() : Number.NaN
  }

  reset(): void {
    this.#graph.clear()
    this.#lagged.clear()
    this.#history.clear()
    this.#count = 0
    this.#dirtyCount = 0
    this.#meanStale = true
    this.curvature = this.temporal = this.transition = Number.NaN
  }

  #editCurrent(change: GraphChange): void {
    if (change === 'unchanged') return
    const graph = this.#graph
    this.#meanStale = true
    if (graph.edgeCapacity > this.#kappa.length) this.#growEdgeArrays(graph.edgeCapacity)
    const a = graph.lastFrom
    const b = graph.lastTo
    const edge = graph.lastEdge
    if (change === 'reweighted') {
      this.#markAround(a)
      this.#markAround(b)
      return
    }
    // An edge appeared or vanished: distances changed within N[a] ∪ N[b] (the same set before
    // and after, as a and b are in it either way).
    this.#markAround(a)
    this.#markAround(b)
    const na = graph.neighbours[a]!
    for (let k = 0; k < na.length; k++) this.#markAround(na[k]!)
    const nb = graph.neighbours[b]!
    for (let k = 0; k < nb.length; k++) this.#markAround(nb[k]!)
    if (change === 'created') {
      const twin = this.#lagged.findEdge(graph.levelOfNode(a), graph.levelOfNode(b))
      this.#partner[edge] = twin
      if (twin !== -1) this.#laggedPartner[twin] = edge
    } else {
      const twin = this.#partner[edge]!
      if (twin !== -1) this.#laggedPartner[twin] = -1
      this.#partner[edge] = -1
    }
  }

  #editLagged(change: GraphChange): void {
    if (change !== 'created' && change !== 'deleted') return
    const lagged = this.#lagged
    if (lagged.edgeCapacity > this.#laggedPartner.length) {
      this.#laggedPartner = grownInt32(this.#laggedPartner, lagged.edgeCapacity)
    }
    const edge = lagged.lastEdge
    if (change === 'created') {
      const twin = this.#graph.findEdge(
        lagged.levelOfNode(lagged.lastFrom),
        lagged.levelOfNode(lagged.lastTo),
      )
      this.#laggedPartner[edge] = twin
      if (twin !== -1) this.#partner[twin] = edge
    } else {
      const twin = this.#laggedPartner[edge]!
      if (twin !== -1) this.#partner[twin] = -1
      this.#laggedPartner[edge] = -1
    }
  }

  #markAround(node: number): void {
    const incident = this.#graph.incidentEdges(node)
    const mark = this.#dirtyMark
    const epoch = this.#epoch
    for (let k = 0; k < incident.length; k++) {
      const edge = incident[k]!
      if (mark[edge] === epoch) continue
      mark[edge] = epoch
      this.#dirty[this.#dirtyCount++] = edge
    }
  }

  /** Recomputes κ on the marked edges that still exist. */
  #refresh(): void {
    const graph = this.#graph
    const ricci = this.#ricci
    const kappa = this.#kappa
    const dirty = this.#dirty
    for (let k = 0; k < this.#dirtyCount; k++) {
      const edge = dirty[k]!
      if (graph.edgeWeight(edge) > 0)
        kappa[edge] = ricci.edge(graph, graph.edgeSource(edge), graph.edgeTarget(edge))
    }
    this.#dirtyCount = 0
    this.#epoch++
  }

  #meanCurvature(): number {
    if (!this.#meanStale) return this.#mean
    const graph = this.#graph
    const total = graph.totalWeight
    let mean = 0
    if (total > 0) {
      const live = graph.liveEdges
      const kappa = this.#kappa
      let sum = 0
      for (let k = 0; k < live.length; k++) {
        const edge = live[k]!
        sum += graph.edgeWeight(edge) * kappa[edge]!
      }
      mean = sum / total
    }
    this.#mean = mean
    this.#meanStale = false
    return mean
  }

  /**
   * 1 − Σ min(p, q) / Σ max(p, q) for the normalised weights p (now) and q (lag bars back).
   * Scaled by P = S_now · S_lagged every term is an integer, Σ max = 2P − Σ min, and only the
   * final division rounds.
   */
  #transitionScore(): number {
    const graph = this.#graph
    const lagged = this.#lagged
    const sNow = graph.totalWeight
    const sLagged = lagged.totalWeight
    if (sNow === 0 || sLagged === 0) return sNow === sLagged ? 0 : 1
    const live = graph.liveEdges
    const partner = this.#partner
    let common = 0
    for (let k = 0; k < live.length; k++) {
      const edge = live[k]!
      const twin = partner[edge]!
      if (twin === -1) continue
      common += Math.min(graph.edgeWeight(edge) * sLagged, lagged.edgeWeight(twin) * sNow)
    }
    const product = sNow * sLagged
    return (2 * (product - common)) / (2 * product - common)
  }

  #growEdgeArrays(needed: number): void {
    let size = this.#kappa.length
    while (size < needed) size *= 2
    const kappa = new Float64Array(size)
    kappa.set(this.#kappa)
    this.#kappa = kappa
    const mark = new Float64Array(size)
    mark.set(this.#dirtyMark)
    this.#dirtyMark = mark
    const dirty = new Int32Array(size)
    dirty.set(this.#dirty)
    this.#dirty = dirty
    this.#partner = grownInt32(this.#partner, size)
  }
}

function samePair(a: number, b: number, c: number, d: number): boolean {
  return (a === c && b === d) || (a === d && b === c)
}

function grownInt32(array: Int32Array, needed: number): Int32Array<ArrayBuffer> {
  let size = array.length
  while (size < needed) size *= 2
  const grown = new Int32Array(size)
  grown.set(array)
  return grown
}

/**
 * The batch kernel over finite `values`. A non-positive value has no level: its row is NaN in
 * every output and the value is skipped, like a non-finite one.
 */
export function ricciKernel(
  values: Float64Array,
  params: ResolvedRicciParams,
  into: Partial<Record<RicciOutput, Float64Array>> = {},
): RicciColumns {
  const n = values.length
  const curvature = into.curvature ?? new Float64Array(n)
  const temporal = into.temporal ?? new Float64Array(n)
  const transition = into.transition ?? new Float64Array(n)
  const machine = new RicciMachine(params)
  for (let i = 0; i < n; i++) {
    const price = values[i]!
    if (!(price > 0)) {
      curvature[i] = temporal[i] = transition[i] = Number.NaN
      continue
    }
    machine.push(price)
    curvature[i] = machine.curvature
    temporal[i] = machine.temporal
    transition[i] = machine.transition
  }
  return { curvature, temporal, transition }
}

/**
 * Streaming Ollivier–Ricci curvature of the price graph. `update` returns one row object that
 * the next update overwrites; a non-finite or non-positive value gives a NaN row and is skipped.
 */
export class Ricci implements StreamingIndicator<number, RicciRow> {
  readonly window: number
  readonly delta: number
  readonly alpha: number
  /** The lag in use (the window when the `lag` parameter is 0). */
  readonly lag: number
  readonly #machine: RicciMachine
  readonly #row: RicciRow = { curvature: Number.NaN, temporal: Number.NaN, transition: Number.NaN }

  constructor(params: RicciParams = {}) {
    const p = ricciIndicator.resolve(params)
    this.window = p.window
    this.delta = p.delta
    this.alpha = p.alpha
    this.lag = effectiveLag(p)
    this.#machine = new RicciMachine(p)
  }

  update(value: number): RicciRow {
    const row = this.#row
    if (!isFiniteNumber(value) || !(value > 0)) {
      row.curvature = row.temporal = row.transition = Number.NaN
      return row
    }
    const machine = this.#machine
    machine.push(value)
    row.curvature = machine.curvature
    row.temporal = machine.temporal
    row.transition = machine.transition
    return row
  }

  reset(): void {
    this.#machine.reset()
  }
}

export const ricciIndicator = defineIndicator({
  name: 'ricci',
  title: 'Ollivier–Ricci curvature of the price graph',
  category: 'geometric',
  description:
    'Weighted mean Ollivier–Ricci curvature of the graph of price-level transitions in the window, its change over `lag` bars, and how much the graph was rewired (weighted Jaccard distance).',
  inputs: ['value'],
  outputs: ['curvature', 'temporal', 'transition'],
  params: ricciParams,
  ranges: () => RICCI_RANGES,
  warmup: (p) => p.window - 1 + effectiveLag(p),
  batch: (inputs, p, into) => ricciKernel(inputs.value, p, into),
  stream: (p) => rowStream(new Ricci(p), (row: { readonly value: number }) => row.value),
})

/** Ricci curvature outputs of `values`; NaN before (window − 1) + lag. */
export function ricci(values: Float64Array, params: RicciParams = {}): RicciColumns {
  return ricciIndicator.compute({ value: values }, params)
}
