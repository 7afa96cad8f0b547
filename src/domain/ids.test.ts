import { describe, expect, it } from 'vitest'
import { clientOrderId, orderId, runId, strategyId, tradeId } from './ids.ts'

describe('identifiers', () => {
  it('accept printable ASCII without spaces', () => {
    expect(orderId('O-20240102-0001')).toBe('O-20240102-0001')
    expect(clientOrderId('c:42')).toBe('c:42')
    expect(runId('run_7')).toBe('run_7')
    expect(strategyId('ema-cross')).toBe('ema-cross')
    expect(tradeId('T1')).toBe('T1')
  })

  it('reject empty, spaced, non-ASCII or over-long values with the kind in the message', () => {
    expect(() => orderId('')).toThrow(/^OrderId must be/)
    expect(() => clientOrderId('a b')).toThrow(/^ClientOrderId must be/)
    expect(() => runId('é')).toThrow(/^RunId must be/)
    expect(() => strategyId('x'.repeat(65))).toThrow(/^StrategyId must be 1-64/)
  })
})
