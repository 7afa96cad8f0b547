/**
 * The wall clock, for live trading: the one place outside tests where the core's time comes from
 * the system (src/execution never reads it; see execution/clock.ts).
 */
import type { UnixMillis } from '../../domain/time.ts'
import type { Clock } from '../../execution/clock.ts'

export const systemClock: Clock = { now: () => Date.now() as UnixMillis }
