/**
 * Splits an amount of minor units in proportion to integer weights so that the parts add up to
 * the amount exactly: the largest-remainder (Hamilton) method. Each part first gets
 * ⌊|total|·wᵢ/W⌋; the units left over go one each to the largest remainders, the earlier index
 * first on a tie, so the split is deterministic. A negative amount is split as its magnitude
 * and negated, so a loss is shared exactly like a gain of the same size.
 */
export function allocateUnits(total: bigint, weights: readonly number[]): bigint[] {
  let weightSum = 0n
  const w = weights.map((weight, index) => {
    if (!Number.isInteger(weight) || weight < 0) {
      throw new RangeError(`weights[${index}] must be a whole number ≥ 0, was ${weight}`)
    }
    weightSum += BigInt(weight)
    return BigInt(weight)
  })
  if (weightSum === 0n) throw new RangeError('weights must not all be 0')
  const magnitude = total < 0n ? -total : total
  const parts = w.map((weight) => (magnitude * weight) / weightSum)
  let left = magnitude - parts.reduce((sum, part) => sum + part, 0n)
  const order = w
    .map((weight, index) => ({ index, remainder: (magnitude * weight) % weightSum }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1))
  for (const { index } of order) {
    if (left === 0n) break
    parts[index] = parts[index]! + 1n
    left--
  }
  return total < 0n ? parts.map((part) => -part) : parts
}
