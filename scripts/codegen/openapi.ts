/**
 * Writes the service's OpenAPI 3.1 document to `openapi/v1.json`, the input of the typed client
 * (scripts/codegen/client.ts). The service is built in memory on a temporary data dir and never
 * listens. Keys are sorted at every level and nothing depends on the clock, so a rerun on the
 * same code writes the same bytes; `make codegen-check` relies on that.
 *
 *   node scripts/codegen/openapi.ts [--out FILE]
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { format, resolveConfig } from 'prettier'
import { openTestService } from '../../src/api/testing/test-service.ts'

export const OPENAPI_FILE = 'openapi/v1.json'

/** `value` with the keys of every object in code-unit order; arrays keep their order. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (typeof value !== 'object' || value === null) return value
  const sorted: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key])
  return sorted
}

/** The document as the running service serves it at `/api/v1/openapi.json`. */
export async function buildOpenApiDocument(): Promise<unknown> {
  const service = await openTestService()
  try {
    const response = await service.server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    if (response.statusCode !== 200)
      throw new Error(`GET /api/v1/openapi.json answered ${response.statusCode}: ${response.body}`)
    return response.json<unknown>()
  } finally {
    await service.dispose()
  }
}

/** The document with sorted keys, formatted as Prettier formats the repository's JSON. */
export async function renderOpenApi(document: unknown): Promise<string> {
  const options = (await resolveConfig(OPENAPI_FILE)) ?? {}
  return format(JSON.stringify(sortKeys(document)), { ...options, filepath: OPENAPI_FILE })
}

async function main(args: readonly string[]): Promise<void> {
  const at = args.indexOf('--out')
  const out = at < 0 ? OPENAPI_FILE : args[at + 1]
  if (out === undefined || out.startsWith('--')) throw new Error('--out wants a file name')
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, await renderOpenApi(await buildOpenApiDocument()))
  process.stderr.write(`wrote ${out}\n`)
}

if (import.meta.main) await main(process.argv.slice(2))
