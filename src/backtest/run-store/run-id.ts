/**
 * The id of a run: the first 16 hex digits of the sha256 of what determines it — the strategy's
 * name and parameters, the resolved configuration and the fingerprints of the data. No clock
 * time, path or machine goes in, so the same inputs give the same id anywhere, and a run written
 * twice lands in the same folder. Objects are hashed with their keys sorted, so the order in
 * which parameters were written does not change the id.
 */
import { createHash } from 'node:crypto'
import type { BacktestResult } from '../result.ts'

export const RUN_ID_LENGTH = 16

/** JSON with every object's keys in sorted order; the one spelling of a value. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner
    const sorted: Record<string, unknown> = {}
    for (const key of Object.keys(inner).sort()) sorted[key] = (inner as Record<string, unknown>)[key]
    return sorted
  })
}

export function runId(result: BacktestResult): string {
  const identity = {
    strategy: result.strategy.name,
    params: result.strategy.params,
    config: result.config,
    data: result.data.map((data) => ({ instrumentId: data.instrumentId, fingerprint: data.fingerprint })),
  }
  return createHash('sha256').update(canonicalJson(identity)).digest('hex').slice(0, RUN_ID_LENGTH)
}
