/**
 * A service on a temporary data dir and SQLite database, answering through `app.inject` (no
 * socket), with a key per scope. Tests drive it as a client would.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Scope, createApiKey } from '../api-keys.ts'
import { ServiceConfig } from '../config.ts'
import { type OpenService, openService } from '../service.ts'

export interface TestService extends OpenService {
  readonly dir: string
  /** A key with exactly these scopes. */
  key(...scopes: Scope[]): Promise<string>
  /** Authorization header for a key with these scopes. */
  auth(...scopes: Scope[]): Promise<{ authorization: string }>
  dispose(): Promise<void>
}

export async function openTestService(
  settings: Partial<Record<keyof ServiceConfig, unknown>> = {},
  dir?: string,
): Promise<TestService> {
  const root = dir ?? mkdtempSync(join(tmpdir(), 'tradepulse-api-'))
  const config = ServiceConfig.parse({ dataDir: root, logLevel: 'silent', port: 0, ...settings })
  const service = await openService(config)
  const keys = new Map<string, string>()
  const key = async (...scopes: Scope[]): Promise<string> => {
    const name = scopes.join('+')
    let found = keys.get(name)
    if (found === undefined) {
      found = (await createApiKey(service.context.keys, `test ${name}`, scopes, Date.now())).key
      keys.set(name, found)
    }
    return found
  }
  return {
    ...service,
    dir: root,
    key,
    auth: async (...scopes) => ({ authorization: `Bearer ${await key(...scopes)}` }),
    dispose: async () => {
      await service.close()
      if (dir === undefined) rmSync(root, { recursive: true, force: true })
    },
  }
}
