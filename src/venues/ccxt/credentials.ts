/**
 * Exchange API credentials, from environment variables or a key file, never from a command line
 * (where `ps` and shell history would keep them). A key file must be readable by its owner only
 * (mode 0600 or stricter): a looser one is refused, as ssh refuses a private key.
 *
 * The secret never reaches a log: `Credentials` prints, serialises and inspects as redacted, and
 * every message about credentials names the variable or the file, never the value.
 */
import { readFileSync, statSync } from 'node:fs'
import { inspect } from 'node:util'
import { TradePulseError } from '../../domain/errors.ts'

const REDACTED = '[redacted]'

export class Credentials {
  readonly #apiKey: string
  readonly #secret: string

  constructor(apiKey: string, secret: string) {
    this.#apiKey = apiKey
    this.#secret = secret
  }

  /** For the exchange client only. */
  get apiKey(): string {
    return this.#apiKey
  }

  /** For the exchange client only. */
  get secret(): string {
    return this.#secret
  }

  toString(): string {
    return `Credentials(${REDACTED})`
  }

  toJSON(): Record<string, string> {
    return { apiKey: REDACTED, secret: REDACTED }
  }

  [inspect.custom](): string {
    return this.toString()
  }
}

export interface CredentialSources {
  /** The environment to read (`process.env` in the CLI). */
  readonly env: Readonly<Record<string, string | undefined>>
  /** A JSON file `{ "apiKey": "…", "secret": "…" }`, mode 0600. */
  readonly keyFile?: string
}

/** `TRADEPULSE_BINANCE_API_KEY` and `TRADEPULSE_BINANCE_SECRET` for `binance`. */
export function credentialVariables(exchangeId: string): { apiKey: string; secret: string } {
  const prefix = `TRADEPULSE_${exchangeId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`
  return { apiKey: `${prefix}_API_KEY`, secret: `${prefix}_SECRET` }
}

/**
 * The credentials of `exchangeId`: from the key file when one is given, else from the
 * environment. Throws VENUE_CREDENTIALS naming what is missing, malformed or too open.
 */
export function loadCredentials(exchangeId: string, sources: CredentialSources): Credentials {
  if (sources.keyFile !== undefined) return readKeyFile(sources.keyFile)
  const names = credentialVariables(exchangeId)
  const apiKey = sources.env[names.apiKey]
  const secret = sources.env[names.secret]
  const missing = [
    apiKey === undefined || apiKey === '' ? names.apiKey : undefined,
    secret === undefined || secret === '' ? names.secret : undefined,
  ].filter((n) => n !== undefined)
  if (missing.length > 0 || apiKey === undefined || secret === undefined) {
    throw new TradePulseError(
      'VENUE_CREDENTIALS',
      `no credentials for ${exchangeId}: set ${missing.join(' and ')}, or pass a key file (mode 0600)`,
    )
  }
  return new Credentials(apiKey, secret)
}

function readKeyFile(file: string): Credentials {
  let mode: number
  try {
    mode = statSync(file).mode
  } catch {
    throw new TradePulseError('VENUE_CREDENTIALS', 'key file cannot be read', { file })
  }
  if ((mode & 0o077) !== 0) {
    throw new TradePulseError(
      'VENUE_CREDENTIALS',
      `key file is readable or writable by group or others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); run chmod 600 on it`,
      { file },
    )
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    // The parser's message would quote the file's content: the secret.
    throw new TradePulseError('VENUE_CREDENTIALS', 'key file is not valid JSON', { file })
  }
  const record = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {}
  for (const field of ['apiKey', 'secret']) {
    const value = record[field]
    if (typeof value !== 'string' || value === '') {
      throw new TradePulseError('VENUE_CREDENTIALS', 'key file needs a non-empty string', { file, field })
    }
  }
  return new Credentials(record.apiKey as string, record.secret as string)
}
