import { describe, expect, it } from 'vitest'
import { instrumentId } from '../../domain/instrument.ts'
import type { UnixMillis } from '../../domain/time.ts'
import { type HaltEntry, TradingHalts } from './trading-halts.ts'

const ACME = instrumentId('ACME', 'SIM')
const BOLT = instrumentId('BOLT', 'SIM')
const at = (ms: number): UnixMillis => ms as UnixMillis

describe('TradingHalts', () => {
  it('halts and resumes instruments one by one, logging and announcing every change', () => {
    const halts = new TradingHalts()
    const heard: HaltEntry[] = []
    halts.onChange((e) => heard.push(e))
    expect(halts.halt(ACME, at(1), 'news pending')).toBe(true)
    expect(halts.halt(ACME, at(2), 'still pending'), 'already halted').toBe(false)
    expect([halts.status(ACME), halts.status(BOLT)]).toEqual(['halted', 'trading'])
    expect(halts.resume(BOLT, at(3), 'nothing to do')).toBe(false)
    expect(halts.resume(ACME, at(4), 'news out')).toBe(true)
    expect(halts.status(ACME)).toBe('trading')
    expect(halts.halted).toEqual([])
    expect(halts.log.map((e) => [e.action, e.instrumentId, e.time])).toEqual([
      ['halt', ACME, 1],
      ['halt', ACME, 2],
      ['resume', BOLT, 3],
      ['resume', ACME, 4],
    ])
    expect(heard).toEqual(halts.log)
  })

  it('needs a reason either way, and changes nothing without one', () => {
    const halts = new TradingHalts()
    expect(() => halts.halt(ACME, at(1), ' ')).toThrow('to halt ACME.SIM needs a reason')
    expect(halts.status(ACME)).toBe('trading')
    halts.halt(ACME, at(2), 'desk')
    expect(() => halts.resume(ACME, at(3), '')).toThrow('to resume ACME.SIM needs a reason')
    expect([halts.status(ACME), halts.log.length]).toEqual(['halted', 1])
  })
})
