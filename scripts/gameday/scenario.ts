/**
 * What a GameDay scenario is and what it hands back: a timeline measured on the wall clock from
 * the moment the fault was injected, the signal that detected it, and the checks that say
 * nothing was lost. The runner (run.ts) turns each result into a postmortem.
 */

/** The four moments every postmortem reports, in order. */
export const PHASES = ['injected', 'detected', 'mitigated', 'recovered'] as const
export type Phase = (typeof PHASES)[number]

export interface Check {
  readonly name: string
  readonly passed: boolean
  /** The measured figures behind the verdict, e.g. `60 of 60 acknowledged orders back`. */
  readonly detail: string
}

export interface ScenarioResult {
  /** Milliseconds since injection for each phase; a phase never reached is absent. */
  readonly timeline: Partial<Record<Phase, number>>
  /** Wall-clock instant of the injection, ISO 8601. */
  readonly injectedAt: string
  /** What each phase was, in words: the action or the signal observed. */
  readonly events: Partial<Record<Phase, string>>
  /** The signal that detected the fault: an alert name, a /readyz check, a log line or exit code. */
  readonly detection: string
  readonly checks: readonly Check[]
}

export interface Scenario {
  readonly name: string
  readonly title: string
  /** One line: what the scenario injects. */
  readonly fault: string
  run(log: (line: string) => void): Promise<ScenarioResult>
}

/** Records the phases against one origin, the injection. */
export class Timeline {
  readonly #events: Partial<Record<Phase, string>> = {}
  readonly #timeline: Partial<Record<Phase, number>> = {}
  #origin = 0
  #injectedAt = ''
  readonly #log: (line: string) => void

  constructor(log: (line: string) => void) {
    this.#log = log
  }

  mark(phase: Phase, what: string): void {
    const now = performance.now()
    if (phase === 'injected') {
      this.#origin = now
      this.#injectedAt = new Date().toISOString()
    }
    const elapsed = Math.round(now - this.#origin)
    this.#timeline[phase] = elapsed
    this.#events[phase] = what
    this.#log(`${phase} +${elapsed} ms: ${what}`)
  }

  result(detection: string, checks: readonly Check[]): ScenarioResult {
    return {
      timeline: { ...this.#timeline },
      injectedAt: this.#injectedAt,
      events: { ...this.#events },
      detection,
      checks,
    }
  }
}

/** A check from a condition and the figures that decided it. */
export function check(name: string, passed: boolean, detail: string): Check {
  return { name, passed, detail }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Polls `probe` every `everyMs` until it returns a value, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined> | T | undefined,
  everyMs = 100,
): Promise<T> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (performance.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`)
    await sleep(everyMs)
  }
}
