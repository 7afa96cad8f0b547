/**
 * The kill switch: once tripped — by a person or by a loss limit — every new order is refused and
 * the order manager cancels the working ones. It stays tripped until someone resets it
 * explicitly; trips and resets are kept in a log (and published by the order manager), because
 * "who turned trading back on, and when" is the first question after an incident.
 */
import type { UnixMillis } from '../../domain/time.ts'

export interface KillSwitchEntry {
  readonly action: 'trip' | 'reset'
  readonly time: UnixMillis
  /** Why (trip) or who and why (reset). */
  readonly reason: string
  readonly automatic: boolean
}

export class KillSwitch {
  #tripped = false
  readonly #log: KillSwitchEntry[] = []
  readonly #listeners: ((entry: KillSwitchEntry) => void)[] = []

  get tripped(): boolean {
    return this.#tripped
  }

  get log(): readonly KillSwitchEntry[] {
    return this.#log
  }

  onChange(listener: (entry: KillSwitchEntry) => void): void {
    this.#listeners.push(listener)
  }

  /** Trips the switch; tripping a tripped switch is recorded but changes nothing else. Returns true if it changed. */
  trip(time: UnixMillis, reason: string, automatic = false): boolean {
    const changed = !this.#tripped
    this.#tripped = true
    this.#record({ action: 'trip', time, reason, automatic })
    return changed
  }

  /** Resets the switch. A reason is required: resetting is a decision someone owns. */
  reset(time: UnixMillis, reason: string): boolean {
    if (reason.trim() === '') throw new RangeError('resetting the kill switch needs a reason')
    const changed = this.#tripped
    this.#tripped = false
    this.#record({ action: 'reset', time, reason, automatic: false })
    return changed
  }

  #record(entry: KillSwitchEntry): void {
    this.#log.push(entry)
    for (const listener of this.#listeners) listener(entry)
  }
}
