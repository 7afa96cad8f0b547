/**
 * Which instruments are halted. A halted instrument refuses new orders (`instrument-halted`) until
 * trading in it is resumed. Like the kill switch, every change is logged with its time and reason
 * and announced to listeners — the order manager journals and publishes it — so a halt survives a
 * restart and "who reopened it, and when" has an answer.
 */
import type { InstrumentId } from '../../domain/instrument.ts'
import type { UnixMillis } from '../../domain/time.ts'
import type { TradingStatus } from './risk-view.ts'

export interface HaltEntry {
  readonly action: 'halt' | 'resume'
  readonly instrumentId: InstrumentId
  readonly time: UnixMillis
  readonly reason: string
}

export class TradingHalts {
  readonly #halted = new Set<InstrumentId>()
  readonly #log: HaltEntry[] = []
  readonly #listeners: ((entry: HaltEntry) => void)[] = []

  status(instrument: InstrumentId): TradingStatus {
    return this.#halted.has(instrument) ? 'halted' : 'trading'
  }

  /** The instruments halted now, in the order they were halted. */
  get halted(): readonly InstrumentId[] {
    return [...this.#halted]
  }

  get log(): readonly HaltEntry[] {
    return this.#log
  }

  onChange(listener: (entry: HaltEntry) => void): void {
    this.#listeners.push(listener)
  }

  /** Halts an instrument; halting a halted one is logged but changes nothing. Returns true if it changed. */
  halt(instrument: InstrumentId, time: UnixMillis, reason: string): boolean {
    requireReason('halt', instrument, reason)
    const changed = !this.#halted.has(instrument)
    this.#halted.add(instrument)
    this.#record({ action: 'halt', instrumentId: instrument, time, reason })
    return changed
  }

  /** Resumes trading in an instrument. Returns true if it was halted. */
  resume(instrument: InstrumentId, time: UnixMillis, reason: string): boolean {
    requireReason('resume', instrument, reason)
    const changed = this.#halted.delete(instrument)
    this.#record({ action: 'resume', instrumentId: instrument, time, reason })
    return changed
  }

  #record(entry: HaltEntry): void {
    this.#log.push(entry)
    for (const listener of this.#listeners) listener(entry)
  }
}

/** Both ways: halting and reopening are decisions someone owns. */
function requireReason(action: string, instrument: InstrumentId, reason: string): void {
  if (reason.trim() === '') throw new RangeError(`to ${action} ${instrument} needs a reason`)
}
