import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { format, inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { TradePulseError } from '../../domain/errors.ts'
import { Credentials, credentialVariables, loadCredentials } from './credentials.ts'

const SECRET = 'S3CRET-value-that-must-never-print'
const KEY = 'api-key-that-must-never-print'

function keyFile(mode: number, content = JSON.stringify({ apiKey: KEY, secret: SECRET })): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tp-keys-')), 'binance.json')
  writeFileSync(path, content)
  chmodSync(path, mode)
  return path
}

function failure(run: () => unknown): TradePulseError {
  try {
    run()
  } catch (error) {
    if (error instanceof TradePulseError) return error
    throw error
  }
  throw new Error('expected a TradePulseError')
}

describe('loadCredentials', () => {
  it('reads TRADEPULSE_<EXCHANGE>_API_KEY and _SECRET from the environment', () => {
    expect(credentialVariables('binance')).toEqual({
      apiKey: 'TRADEPULSE_BINANCE_API_KEY',
      secret: 'TRADEPULSE_BINANCE_SECRET',
    })
    const credentials = loadCredentials('binance', {
      env: { TRADEPULSE_BINANCE_API_KEY: KEY, TRADEPULSE_BINANCE_SECRET: SECRET },
    })
    expect([credentials.apiKey, credentials.secret]).toEqual([KEY, SECRET])
  })

  it('names the missing variable, not a value', () => {
    const error = failure(() => loadCredentials('binance', { env: { TRADEPULSE_BINANCE_API_KEY: KEY } }))
    expect(error.code).toBe('VENUE_CREDENTIALS')
    expect(error.message).toContain('TRADEPULSE_BINANCE_SECRET')
    expect(error.message).not.toContain(KEY)
  })

  it('reads a key file of mode 0600 and refuses one that group or others can read', () => {
    expect(loadCredentials('binance', { env: {}, keyFile: keyFile(0o600) }).secret).toBe(SECRET)
    expect(loadCredentials('binance', { env: {}, keyFile: keyFile(0o400) }).secret).toBe(SECRET)
    for (const mode of [0o644, 0o640, 0o604, 0o660]) {
      const error = failure(() => loadCredentials('binance', { env: {}, keyFile: keyFile(mode) }))
      expect(error.code).toBe('VENUE_CREDENTIALS')
      expect(error.message).toContain(`mode 0${mode.toString(8)}`)
    }
  })

  it('never quotes a malformed key file in its message', () => {
    const error = failure(() =>
      loadCredentials('binance', {
        env: {},
        keyFile: keyFile(0o600, `{"apiKey": "${KEY}", "secret": ${SECRET}}`),
      }),
    )
    expect(error.message).toContain('not valid JSON')
    expect(error.message).not.toContain(SECRET)
    const missing = failure(() =>
      loadCredentials('binance', { env: {}, keyFile: keyFile(0o600, '{"apiKey":"k"}') }),
    )
    expect(missing.location.field).toBe('secret')
  })
})

describe('Credentials', () => {
  it('prints, serialises and inspects as redacted', () => {
    const credentials = new Credentials(KEY, SECRET)
    const outputs = [
      String(credentials),
      credentials.toString(),
      JSON.stringify({ credentials }),
      inspect(credentials),
      inspect({ nested: { credentials } }, { depth: 5, showHidden: true }),
      format('%o %O %j', credentials, credentials, credentials),
    ]
    for (const output of outputs) {
      expect(output).not.toContain(SECRET)
      expect(output).not.toContain(KEY)
    }
    expect(JSON.stringify(credentials)).toBe('{"apiKey":"[redacted]","secret":"[redacted]"}')
  })
})
