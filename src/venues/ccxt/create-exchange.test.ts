import { describe, expect, it } from 'vitest'
import { createExchange } from './create-exchange.ts'
import { Credentials } from './credentials.ts'

describe('createExchange', () => {
  it('configures binance for spot, rate-limited, with credentials, and switches to its testnet', () => {
    const exchange = createExchange({
      exchange: 'binance',
      credentials: new Credentials('k', 's'),
      sandbox: true,
    })
    expect(exchange.enableRateLimit).toBe(true)
    expect([exchange.apiKey, exchange.secret]).toEqual(['k', 's'])
    expect(exchange.isSandboxModeEnabled).toBe(true)
    expect(String((exchange.urls.api as Record<string, unknown>).public)).toContain('testnet')
  })

  it('refuses an exchange ccxt does not know', () => {
    expect(() => createExchange({ exchange: 'nasdaq' })).toThrow(/ccxt has no exchange "nasdaq"/)
  })

  it('points every API family at the given URLs', () => {
    const exchange = createExchange({
      exchange: 'binance',
      urls: (original) =>
        Object.fromEntries(Object.keys(original).map((k) => [k, `http://127.0.0.1:1/${k}`])),
    })
    const api: Record<string, string> = exchange.urls.api
    const urls = Object.values(api)
    expect(urls.length).toBeGreaterThan(10)
    expect(urls.every((u) => u.startsWith('http://127.0.0.1:1/'))).toBe(true)
  })
})
