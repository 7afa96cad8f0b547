/**
 * The exact earth mover's (Wasserstein-1) distance between two discrete measures: the minimum
 * cost Σ x_ij · c_ij of a transport plan x ≥ 0 that ships each supply a_i in full and fills each
 * demand b_j (Σ_j x_ij = a_i, Σ_i x_ij = b_j), for any cost matrix c.
 *
 * Why a solver and not a formula: Ollivier–Ricci curvature needs W₁ on a graph's shortest-path
 * metric, and only on a line does W₁ have a closed form (Σ |F − G| of the two cumulative
 * distributions). Treating the two probability vectors as if they were samples of a real
 * variable (what `scipy.stats.wasserstein_distance(u_weights…)` misuse amounts to) measures
 * something else entirely; the transportation problem has to be solved.
 *
 * Method: successive shortest paths in primal–dual form on the bipartite residual network
 * (supplies → demands, arcs of unlimited capacity and cost c_ij, reverse arcs of cost −c_ij
 * where flow already runs). Each phase computes, by Bellman–Ford from every supply with mass
 * left, the cost of the cheapest way to ship one more unit; then it pushes mass along every
 * path of exactly that cost — direct arcs first, then breadth-first (fewest arcs) augmenting
 * paths on the admissible arcs, an Edmonds–Karp max-flow — until none is left, and starts the
 * next phase. Masses are reals: the fewest-arcs rule makes each phase finite whatever the
 * masses, path costs only rise from phase to phase, and the plan is optimal when everything is
 * shipped (the residual network never has a negative cycle). Once the cheapest path costs the
 * largest entry of c, every remaining unit costs that much and any completion is optimal, which
 * ends graph problems (costs 1, 2, 3) after at most two searches. Problems with one supply or
 * one demand have a single feasible plan and skip the search. Path costs within 1e-12 of the
 * largest |c| count as equal, so rounding in sums of real costs can neither hide a shortest path
 * nor fake a negative cycle; with integer costs (graph distances) every comparison is exact.
 *
 * Ollivier–Ricci solves tens of tiny problems (a few points each side) per bar, so the solver
 * owns its scratch buffers and a caller fills them in place (`TransportSolver`); `wasserstein1`
 * is the checked entry point for arbitrary arguments.
 */
import { TradePulseError } from '../../domain/errors.ts'

/**
 * Mass below this fraction of the total is treated as shipped. It only absorbs rounding (the
 * error it allows in W₁ is below 1e-13 of the total mass times the largest cost).
 */
const MASS_TOLERANCE = 1e-14

/** Path costs closer than this fraction of the largest |cost| are treated as equal. */
const COST_TOLERANCE = 1e-12

/** A reusable exact transportation solver. Fill `supply`, `demand` and `cost`, then `solve`. */
export class TransportSolver {
  /** supply[i], i < m. */
  supply = new Float64Array(8)
  /** demand[j], j < n. */
  demand = new Float64Array(8)
  /** cost[i · n + j]: the cost of moving one unit from supply i to demand j. */
  cost = new Float64Array(64)
  /** The optimal plan of the last `solve`: flow[i · n + j]. */
  flow = new Float64Array(64)
  #left = new Float64Array(16)
  #dist = new Float64Array(16)
  #pred = new Int32Array(16)
  #queue = new Int32Array(16)

  /** Makes room for an m × n problem. Buffers keep their contents only when they do not grow. */
  reserve(m: number, n: number): void {
    if (this.supply.length < m) this.supply = new Float64Array(grown(this.supply.length, m))
    if (this.demand.length < n) this.demand = new Float64Array(grown(this.demand.length, n))
    if (this.cost.length < m * n) {
      const size = grown(this.cost.length, m * n)
      this.cost = new Float64Array(size)
      this.flow = new Float64Array(size)
    }
    if (this.#left.length < m + n) {
      const size = grown(this.#left.length, m + n)
      this.#left = new Float64Array(size)
      this.#dist = new Float64Array(size)
      this.#pred = new Int32Array(size)
      this.#queue = new Int32Array(size)
    }
  }

  /**
   * The minimum transport cost between `supply[0..m)` and `demand[0..n)` under `cost`, with the
   * plan left in `flow`. The totals should be equal; if they differ, the smaller is shipped.
   * Arguments are not checked (see `wasserstein1`).
   */
  solve(m: number, n: number): number {
    if (m === 0 || n === 0) return 0
    const { supply, demand, cost, flow } = this
    if (m === 1) {
      let total = 0
      for (let j = 0; j < n; j++) {
        flow[j] = demand[j]!
        total += demand[j]! * cost[j]!
      }
      return total
    }
    if (n === 1) {
      let total = 0
      for (let i = 0; i < m; i++) {
        flow[i] = supply[i]!
        total += supply[i]! * cost[i]!
      }
      return total
    }
    return this.#primalDual(m, n)
  }

  #primalDual(m: number, n: number): number {
    const { supply, demand, cost, flow } = this
    const left = this.#left
    const dist = this.#dist
    const pred = this.#pred
    const queue = this.#queue
    const nodes = m + n
    const cells = m * n
    let totalSupply = 0
    let totalDemand = 0
    for (let i = 0; i < m; i++) totalSupply += left[i] = supply[i]!
    for (let j = 0; j < n; j++) totalDemand += left[m + j] = demand[j]!
    flow.fill(0, 0, cells)
    let maxCost = Number.NEGATIVE_INFINITY
    let scale = 0
    for (let c = 0; c < cells; c++) {
      const x = cost[c]!
      if (x > maxCost) maxCost = x
      if (Math.abs(x) > scale) scale = Math.abs(x)
    }
    const tolerance = MASS_TOLERANCE * Math.max(totalSupply, totalDemand)
    // Path costs equal within this are equal: sums of real costs round, and an exact comparison
    // could miss a shortest path or see a negative cycle of rounding errors.
    const slack = COST_TOLERANCE * scale
    // Finite in exact arithmetic (see the module comment); the cap only turns a bug into an error.
    const maxAugmentations = 4 * nodes * nodes * nodes + 16
    let augmentations = 0
    for (let phase = 0; ; phase++) {
      // Shortest path costs from the open supplies over the residual network (Bellman–Ford: the
      // reverse arcs cost −c; there is no negative cycle while the plan is optimal so far).
      let open = false
      for (let i = 0; i < m; i++) {
        const isOpen = left[i]! > tolerance
        open ||= isOpen
        dist[i] = isOpen ? 0 : Number.POSITIVE_INFINITY
      }
      if (!open) break
      for (let k = m; k < nodes; k++) dist[k] = Number.POSITIVE_INFINITY
      // Before any flow there are no reverse arcs, and one pass settles every distance.
      const passes = phase === 0 ? 1 : nodes
      for (let pass = 0; pass < passes; pass++) {
        let changed = false
        for (let i = 0; i < m; i++) {
          const di = dist[i]!
          if (di === Number.POSITIVE_INFINITY) continue
          for (let j = 0, ij = i * n; j < n; j++, ij++) {
            const d = di + cost[ij]!
            if (d < dist[m + j]! - slack) {
              dist[m + j] = d
              changed = true
            }
          }
        }
        for (let j = 0; j < n; j++) {
          const dj = dist[m + j]!
          if (dj === Number.POSITIVE_INFINITY) continue
          for (let i = 0, ij = j; i < m; i++, ij += n) {
            if (flow[ij]! <= 0) continue
            const d = dj - cost[ij]!
            if (d < dist[i]! - slack) {
              dist[i] = d
              changed = true
            }
          }
        }
        if (!changed) break
      }
      let reach = Number.POSITIVE_INFINITY
      for (let k = m; k < nodes; k++) if (left[k]! > tolerance && dist[k]! < reach) reach = dist[k]!
      if (reach === Number.POSITIVE_INFINITY) break
      if (reach >= maxCost - slack) {
        // Path costs never fall and a direct arc costs at most maxCost, so every unit still to
        // ship costs maxCost: any completion of the plan is optimal.
        complete(m, n, left, flow, tolerance)
        break
      }
      // Direct arcs first: the shortest augmenting paths, found without a search.
      let found = 0
      for (let i = 0; i < m; i++) {
        if (dist[i] !== 0) continue
        for (let j = 0, ij = i * n; j < n && left[i]! > tolerance; j++, ij++) {
          const k = m + j
          if (left[k]! <= tolerance || dist[k]! > reach + slack || Math.abs(cost[ij]! - dist[k]!) > slack)
            continue
          const amount = Math.min(left[i]!, left[k]!)
          flow[ij]! += amount
          left[i]! -= amount
          left[k]! -= amount
          found++
        }
      }

      // Edmonds–Karp on the admissible arcs (those on shortest paths): breadth-first search for
      // the augmenting path with the fewest arcs, until none is left at this cost.
      for (; ; found++) {
        if (++augmentations > maxAugmentations)
          throw new Error(
            `transport: no optimal plan after ${maxAugmentations} augmentations (m = ${m}, n = ${n})`,
          )
        let head = 0
        let tail = 0
        for (let k = 0; k < nodes; k++) pred[k] = -2
        for (let i = 0; i < m; i++) {
          if (left[i]! > tolerance && dist[i] === 0) {
            pred[i] = -1
            queue[tail++] = i
          }
        }
        let target = -1
        while (head < tail && target === -1) {
          const u = queue[head++]!
          const du = dist[u]!
          if (u < m) {
            for (let j = 0, ij = u * n; j < n; j++, ij++) {
              const k = m + j
              if (pred[k] !== -2 || Math.abs(du + cost[ij]! - dist[k]!) > slack) continue
              pred[k] = u
              if (left[k]! > tolerance && dist[k]! <= reach + slack) {
                target = k
                break
              }
              queue[tail++] = k
            }
          } else {
            for (let i = 0, ij = u - m; i < m; i++, ij += n) {
              if (pred[i] !== -2 || flow[ij]! <= 0 || Math.abs(du - cost[ij]! - dist[i]!) > slack) continue
              pred[i] = u
              queue[tail++] = i
            }
          }
        }
        if (target === -1) break
        // The path alternates demand ← supply (a forward arc) and supply ← demand (a reverse arc).
        let amount = left[target]!
        let k = target
        for (;;) {
          const i = pred[k]!
          const back = pred[i]!
          if (back === -1) {
            amount = Math.min(amount, left[i]!)
            break
          }
          amount = Math.min(amount, flow[i * n + (back - m)]!)
          k = back
        }
        k = target
        for (;;) {
          const i = pred[k]!
          flow[i * n + (k - m)]! += amount
          const back = pred[i]!
          if (back === -1) {
            left[i]! -= amount
            break
          }
          const ij = i * n + (back - m)
          const reduced = flow[ij]! - amount
          flow[ij] = reduced > 0 ? reduced : 0
          k = back
        }
        left[target]! -= amount
      }
      if (found === 0 && phase > 0) {
        // Unreachable in exact arithmetic (a shortest path always exists on the admissible arcs);
        // kept so that costs whose rounding defeats the slack still end with a feasible plan.
        complete(m, n, left, flow, tolerance)
        break
      }
    }
    return planCost(flow, cost, cells)
  }
}

/** Ships what is left, supply by supply, to the demands still open. */
function complete(m: number, n: number, left: Float64Array, flow: Float64Array, tolerance: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n && left[i]! > tolerance; j++) {
      const k = m + j
      if (left[k]! <= tolerance) continue
      const amount = Math.min(left[i]!, left[k]!)
      flow[i * n + j]! += amount
      left[i]! -= amount
      left[k]! -= amount
    }
  }
}

function planCost(flow: Float64Array, cost: Float64Array, cells: number): number {
  let total = 0
  for (let c = 0; c < cells; c++) total += flow[c]! * cost[c]!
  return total
}

function grown(current: number, needed: number): number {
  let size = Math.max(current, 1)
  while (size < needed) size *= 2
  return size
}

/**
 * The exact W₁ (minimum transport cost) between `supply` (m non-negative masses) and `demand`
 * (n non-negative masses) under `cost` (m rows of n finite costs, or a flat row-major array of
 * m · n). The two totals must agree to 1e-9 relative. With a metric cost this is the
 * earth mover's distance; any finite cost is accepted.
 */
export function wasserstein1(
  supply: ArrayLike<number>,
  demand: ArrayLike<number>,
  cost: ArrayLike<number> | readonly ArrayLike<number>[],
): number {
  const m = supply.length
  const n = demand.length
  const solver = new TransportSolver()
  solver.reserve(m, n)
  const totalSupply = copyMasses('supply', supply, solver.supply)
  const totalDemand = copyMasses('demand', demand, solver.demand)
  if (Math.abs(totalSupply - totalDemand) > 1e-9 * Math.max(totalSupply, totalDemand)) {
    throw new TradePulseError(
      'INDICATOR_INVALID_INPUT',
      `transport: supply total ${totalSupply} differs from demand total ${totalDemand}`,
      { field: 'demand' },
    )
  }
  copyCost(cost, m, n, solver.cost)
  return solver.solve(m, n)
}

function copyMasses(name: string, masses: ArrayLike<number>, into: Float64Array): number {
  let total = 0
  for (let i = 0; i < masses.length; i++) {
    const mass = masses[i]!
    if (!(mass >= 0) || !Number.isFinite(mass)) {
      throw new TradePulseError(
        'INDICATOR_INVALID_INPUT',
        `transport: ${name}[${i}] must be a finite non-negative mass, was ${mass}`,
        { field: name },
      )
    }
    into[i] = mass
    total += mass
  }
  return total
}

function copyCost(
  cost: ArrayLike<number> | readonly ArrayLike<number>[],
  m: number,
  n: number,
  into: Float64Array,
): void {
  const invalid = (message: string): TradePulseError =>
    new TradePulseError('INDICATOR_INVALID_INPUT', `transport: ${message}`, { field: 'cost' })
  const rows = cost.length > 0 && typeof cost[0] === 'object'
  if (rows) {
    const matrix = cost as readonly ArrayLike<number>[]
    if (matrix.length !== m) throw invalid(`the cost matrix has ${matrix.length} rows, expected ${m}`)
    for (let i = 0; i < m; i++) {
      const row = matrix[i]!
      if (row.length !== n) throw invalid(`cost row ${i} has ${row.length} entries, expected ${n}`)
      for (let j = 0; j < n; j++) into[i * n + j] = row[j]!
    }
  } else {
    if (cost.length !== m * n)
      throw invalid(`the flat cost array has ${cost.length} entries, expected ${m * n}`)
    for (let c = 0; c < m * n; c++) into[c] = (cost as ArrayLike<number>)[c]!
  }
  for (let c = 0; c < m * n; c++) {
    if (!Number.isFinite(into[c]!))
      throw invalid(`cost[${Math.floor(c / n)}][${c % n}] must be a finite number, was ${into[c]}`)
  }
}
