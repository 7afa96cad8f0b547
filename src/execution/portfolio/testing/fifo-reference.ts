/**
 * Brute-force references the position is checked against, too simple to be wrong the same way.
 *
 * `FifoBook` keeps every open lot with its own entry price and closes the oldest first; its
 * realised plus open PnL is what any cost method must total, because that total is just cash
 * out plus what is still held. `AverageCostBook` is the average-cost method with an exact
 * rational basis — no rounding at all — so the position's half-tick-lot rounding can be bounded.
 */

interface Lot {
  quantity: number
  price: bigint
}

export class FifoBook {
  readonly #lots: Lot[] = []
  realised = 0n

  /** `signed` lots (> 0 bought, < 0 sold) at `price` ticks. */
  apply(signed: number, price: number): void {
    let rest = signed
    const ticks = BigInt(price)
    while (rest !== 0 && this.#lots.length > 0 && this.#lots[0]!.quantity > 0 !== rest > 0) {
      const lot = this.#lots[0]!
      const take = Math.min(Math.abs(rest), Math.abs(lot.quantity))
      const closed = lot.quantity > 0 ? take : -take
      this.realised += BigInt(closed) * (ticks - lot.price)
      lot.quantity -= closed
      rest += closed
      if (lot.quantity === 0) this.#lots.shift()
    }
    if (rest !== 0) this.#lots.push({ quantity: rest, price: ticks })
  }

  quantity(): number {
    return this.#lots.reduce((sum, lot) => sum + lot.quantity, 0)
  }

  open(mark: number): bigint {
    return this.#lots.reduce((sum, lot) => sum + BigInt(lot.quantity) * (BigInt(mark) - lot.price), 0n)
  }
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a
  let y = b < 0n ? -b : b
  while (y !== 0n) [x, y] = [y, x % y]
  return x === 0n ? 1n : x
}

/** A fraction n/d with d > 0, reduced. */
interface Fraction {
  readonly n: bigint
  readonly d: bigint
}

function reduce(n: bigint, d: bigint): Fraction {
  const g = gcd(n, d)
  return d < 0n ? { n: -n / g, d: -d / g } : { n: n / g, d: d / g }
}

function add(a: Fraction, b: Fraction): Fraction {
  return reduce(a.n * b.d + b.n * a.d, a.d * b.d)
}

export class AverageCostBook {
  quantity = 0
  basis: Fraction = { n: 0n, d: 1n }
  realised: Fraction = { n: 0n, d: 1n }
  /** Reductions that left lots open since the position was last flat: each may round half a tick-lot. */
  partialReductions = 0

  apply(signed: number, price: number): void {
    const ticks = BigInt(price)
    if (this.quantity === 0 || this.quantity > 0 === signed > 0) {
      this.quantity += signed
      this.basis = add(this.basis, { n: BigInt(signed) * ticks, d: 1n })
      return
    }
    const held = Math.abs(this.quantity)
    const closing = Math.min(Math.abs(signed), held)
    const closed = this.quantity > 0 ? closing : -closing
    const share = reduce(this.basis.n * BigInt(closing), this.basis.d * BigInt(held))
    this.realised = add(this.realised, add({ n: BigInt(closed) * ticks, d: 1n }, { n: -share.n, d: share.d }))
    this.basis = add(this.basis, { n: -share.n, d: share.d })
    this.quantity -= closed
    const rest = signed + closed
    if (this.quantity !== 0) this.partialReductions++
    else this.partialReductions = 0
    if (rest !== 0) {
      this.quantity = rest
      this.basis = { n: BigInt(rest) * ticks, d: 1n }
    }
  }

  /** |realised − `other`| × 2 × d, to compare with a bound without leaving integers. */
  twiceScaledDistance(other: bigint): { readonly distance: bigint; readonly denominator: bigint } {
    const diff = other * this.realised.d - this.realised.n
    return { distance: 2n * (diff < 0n ? -diff : diff), denominator: this.realised.d }
  }
}
