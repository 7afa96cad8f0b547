import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TransportSolver, wasserstein1 } from './transport.ts'

/**
 * The transportation problem solved by brute force: an optimal plan sits at a vertex of the
 * transportation polytope, and every vertex is a basic solution whose m + n − 1 basic cells form
 * a spanning tree of the rows and columns. Enumerate every set of m + n − 1 cells, solve it by
 * peeling rows and columns with a single unknown left, keep the feasible ones, take the cheapest.
 */
function bruteForce(supply: readonly number[], demand: readonly number[], cost: readonly number[][]): number {
  const m = supply.length
  const n = demand.length
  const cells = m * n
  const size = m + n - 1
  let best = Number.POSITIVE_INFINITY
  const chosen: number[] = []
  const visit = (from: number): void => {
    if (chosen.length === size) {
      const value = solveBasis(chosen, supply, demand, n)
      if (value === undefined) return
      let total = 0
      chosen.forEach((c, k) => (total += value[k]! * cost[Math.floor(c / n)]![c % n]!))
      best = Math.min(best, total)
      return
    }
    for (let c = from; c <= cells - (size - chosen.length); c++) {
      chosen.push(c)
      visit(c + 1)
      chosen.pop()
    }
  }
  visit(0)
  return best
}

function solveBasis(
  basis: readonly number[],
  supply: readonly number[],
  demand: readonly number[],
  n: number,
): number[] | undefined {
  const rowLeft = [...supply]
  const colLeft = [...demand]
  const value: (number | undefined)[] = basis.map(() => undefined)
  for (let solved = 0; solved < basis.length; solved++) {
    let progress = false
    for (let k = 0; k < basis.length && !progress; k++) {
      if (value[k] !== undefined) continue
      const row = Math.floor(basis[k]! / n)
      const col = basis[k]! % n
      const onlyInRow = basis.every((c, q) => q === k || value[q] !== undefined || Math.floor(c / n) !== row)
      const onlyInCol = basis.every((c, q) => q === k || value[q] !== undefined || c % n !== col)
      if (!onlyInRow && !onlyInCol) continue
      const x = onlyInRow ? rowLeft[row]! : colLeft[col]!
      value[k] = x
      rowLeft[row]! -= x
      colLeft[col]! -= x
      progress = true
    }
    if (!progress) return undefined
  }
  if (value.some((x) => x! < -1e-12)) return undefined
  if ([...rowLeft, ...colLeft].some((r) => Math.abs(r) > 1e-9)) return undefined
  return value as number[]
}

const masses = (size: number): fc.Arbitrary<number[]> =>
  fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: size, maxLength: size }).map((xs) => {
    const total = xs.reduce((a, b) => a + b, 0)
    return xs.map((x) => x / total)
  })

/** Two probability vectors on the same k points. */
const pairOn = (k: number): fc.Arbitrary<[number[], number[]]> => fc.tuple(masses(k), masses(k))

const lineCost = (k: number): number[][] =>
  Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => Math.abs(i - j)))

describe('wasserstein1', () => {
  it('solves a small problem by hand', () => {
    // Shipping each supply to the demand at cost 1 beats the crossing at 3 + 2.
    expect(
      wasserstein1(
        [0.5, 0.5],
        [0.5, 0.5],
        [
          [1, 3],
          [2, 1],
        ],
      ),
    ).toBe(1)
    // Supply 0.7 at A, 0.3 at B; demand 0.4, 0.6. A fills demand 1 (cost 1) and 0.1 of demand
    // 0 (cost 2); B fills the rest of demand 0 (cost 1): 0.6 + 0.2 + 0.3 = 1.1.
    expect(
      wasserstein1(
        [0.7, 0.3],
        [0.4, 0.6],
        [
          [2, 1],
          [1, 4],
        ],
      ),
    ).toBeCloseTo(1.1, 14)
  })

  it('is the earth mover’s distance, not a comparison of the weights as samples', () => {
    // Two point masses two steps apart on a path cost 2 to move. Treating [1, 0] and [0, 1] as
    // samples of a variable (the scipy.stats.wasserstein_distance misuse) would report 0.
    expect(wasserstein1([1, 0, 0], [0, 0, 1], lineCost(3))).toBe(2)
  })

  it('matches brute force over every basic solution', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        (m, n, seed) => {
          const problem = fc.sample(
            fc.tuple(
              masses(m),
              masses(n),
              fc.array(
                fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
                {
                  minLength: m,
                  maxLength: m,
                },
              ),
            ),
            { seed, numRuns: 1 },
          )[0]!
          const [supply, demand, cost] = problem
          expect(wasserstein1(supply, demand, cost)).toBeCloseTo(bruteForce(supply, demand, cost), 10)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('matches brute force on graph-like costs with ties (costs 1, 2, 3)', () => {
    fc.assert(
      fc.property(
        masses(3),
        masses(4),
        fc.array(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 4, maxLength: 4 }), {
          minLength: 3,
          maxLength: 3,
        }),
        (supply, demand, cost) => {
          expect(wasserstein1(supply, demand, cost)).toBeCloseTo(bruteForce(supply, demand, cost), 10)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('has the closed form Σ |F − G| on a path', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 9 }).chain((k) => pairOn(k)),
        ([mu, nu]) => {
          let f = 0
          let g = 0
          let expected = 0
          for (let i = 0; i < mu.length - 1; i++) {
            f += mu[i]!
            g += nu[i]!
            expected += Math.abs(f - g)
          }
          expect(wasserstein1(mu, nu, lineCost(mu.length))).toBeCloseTo(expected, 12)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('is a metric: zero on equal measures, symmetric, and obeys the triangle inequality', () => {
    // Points in the plane with the Euclidean distance: a metric with no special structure.
    const metricSpace = fc.integer({ min: 2, max: 7 }).chain((k) =>
      fc.tuple(
        fc.array(
          fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true })),
          {
            minLength: k,
            maxLength: k,
          },
        ),
        masses(k),
        masses(k),
        masses(k),
      ),
    )
    fc.assert(
      fc.property(metricSpace, ([points, mu, nu, rho]) => {
        const d = points.map(([x1, y1]) => points.map(([x2, y2]) => Math.hypot(x1 - x2, y1 - y2)))
        const w = (a: number[], b: number[]): number => wasserstein1(a, b, d)
        expect(w(mu, mu)).toBe(0)
        expect(w(mu, nu)).toBeCloseTo(w(nu, mu), 12)
        expect(w(mu, nu)).toBeLessThanOrEqual(w(mu, rho) + w(rho, nu) + 1e-12)
      }),
      { numRuns: 200 },
    )
  })

  it('is symmetric for any cost once the matrix is transposed', () => {
    fc.assert(
      fc.property(masses(3), masses(5), fc.integer({ min: 0, max: 2 ** 31 }), (a, b, seed) => {
        const cost = fc.sample(
          fc.array(fc.array(fc.double({ min: 0, max: 4, noNaN: true }), { minLength: 5, maxLength: 5 }), {
            minLength: 3,
            maxLength: 3,
          }),
          { seed, numRuns: 1 },
        )[0]!
        const transposed = b.map((_, j) => a.map((_, i) => cost[i]![j]!))
        expect(wasserstein1(a, b, cost)).toBeCloseTo(wasserstein1(b, a, transposed), 12)
      }),
      { numRuns: 100 },
    )
  })

  it('leaves an optimal plan that ships every mass', () => {
    const solver = new TransportSolver()
    solver.reserve(3, 3)
    solver.supply.set([0.2, 0.5, 0.3])
    solver.demand.set([0.6, 0.1, 0.3])
    solver.cost.set([1, 2, 3, 2, 1, 2, 3, 2, 1])
    const total = solver.solve(3, 3)
    const plan = [...solver.flow.subarray(0, 9)]
    // Supply 1 sends 0.4 to demand 0 at cost 2, everything else stays on the diagonal.
    expect(total).toBeCloseTo(0.2 + 0.4 * 2 + 0.1 + 0.3, 14)
    for (let i = 0; i < 3; i++)
      expect(plan[3 * i]! + plan[3 * i + 1]! + plan[3 * i + 2]!).toBeCloseTo(solver.supply[i]!, 14)
    for (let j = 0; j < 3; j++)
      expect(plan[j]! + plan[3 + j]! + plan[6 + j]!).toBeCloseTo(solver.demand[j]!, 14)
  })

  it('accepts a flat row-major cost array and refuses malformed problems', () => {
    expect(wasserstein1([1], [0.5, 0.5], [1, 3])).toBe(2)
    expect(wasserstein1([], [], [])).toBe(0)
    expect(() => wasserstein1([1], [0.5], [1])).toThrow(/supply total 1 differs from demand total 0.5/)
    expect(() => wasserstein1([-1, 2], [1], [1, 1])).toThrow(/supply\[0\] must be a finite non-negative mass/)
    expect(() => wasserstein1([1], [Number.NaN], [1])).toThrow(/demand\[0\]/)
    expect(() => wasserstein1([1], [1], [1, 2])).toThrow(/flat cost array has 2 entries, expected 1/)
    expect(() => wasserstein1([1], [0.5, 0.5], [[1]])).toThrow(/cost row 0 has 1 entries, expected 2/)
    expect(() => wasserstein1([1], [1], [Number.POSITIVE_INFINITY])).toThrow(
      /cost\[0\]\[0\] must be a finite number/,
    )
  })
})
