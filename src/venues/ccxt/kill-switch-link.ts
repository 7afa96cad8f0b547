/**
 * The kill switch reaches the exchange. Tripping it makes the order manager cancel every order
 * the core holds; this link also cancels, on the exchange, every open order of the traded
 * symbols — including orders the core never knew (another program's, a run without a journal).
 */
import type { ExecutionCore } from '../../execution/execution-core.ts'
import type { CcxtVenue } from './ccxt-venue.ts'

/** Links `core`'s kill switch to `venue`; returns the promise of the last venue-wide cancel, for tests. */
export function cancelOnVenueWhenTripped(core: ExecutionCore, venue: CcxtVenue): () => Promise<number> {
  let last: Promise<number> = Promise.resolve(0)
  core.bus.subscribe('kill-switch', (entry) => {
    if (entry.action === 'trip' && !core.manager.replaying) last = venue.cancelEverything()
  })
  return () => last
}
