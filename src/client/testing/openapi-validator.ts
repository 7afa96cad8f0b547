/**
 * Checks a response body against the schema `openapi/v1.json` declares for its route, status
 * and media type, with Ajv 8 in JSON Schema 2020-12 mode (the dialect of OpenAPI 3.1).
 *
 * Ajv 8 is not a dependency of ours: fastify brings it in transitively. A bare `ajv` import
 * from the project root resolves to the Ajv 6 that ESLint uses, so Ajv 8 is loaded as
 * ajv-formats resolves it (ajv-formats depends on ajv ^8, so wherever npm places it, ajv-formats
 * finds an Ajv 8). Tests and scripts only.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

interface ValidateFunction {
  (data: unknown): boolean
  errors?: readonly { instancePath: string; message?: string }[] | null
}
interface Ajv2020 {
  compile(schema: unknown): ValidateFunction
}
type Ajv2020Class = new (options: Record<string, unknown>) => Ajv2020

const fromAjvFormats = createRequire(createRequire(import.meta.url).resolve('ajv-formats'))
const Ajv = (fromAjvFormats('ajv/dist/2020') as { default: Ajv2020Class }).default
const addFormats = (fromAjvFormats('ajv-formats') as { default: (ajv: Ajv2020) => void }).default

interface Operation {
  readonly responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>
}
interface OpenApiPaths {
  readonly paths: Record<string, Record<string, Operation>>
}

export interface ResponseCheck {
  /** Route as in the document (`/api/v1/orders/{id}`), method in lower case. */
  readonly path: string
  readonly method: string
  readonly status: number
  readonly contentType: string
  readonly body: unknown
}

export class OpenApiValidator {
  readonly #document: OpenApiPaths
  readonly #ajv: Ajv2020
  readonly #compiled = new Map<string, ValidateFunction>()
  /** Each `METHOD path status` checked so far, for a test to say what it covered. */
  readonly checked = new Set<string>()

  constructor(file: string | URL) {
    this.#document = JSON.parse(readFileSync(file, 'utf8')) as OpenApiPaths
    // strict off: OpenAPI adds annotation keywords (example, …) that Ajv does not know.
    this.#ajv = new Ajv({ strict: false, allErrors: true })
    addFormats(this.#ajv)
  }

  /** The mismatches of one response with its declared schema; empty when it conforms. */
  errors(check: ResponseCheck): string[] {
    const where = `${check.method.toUpperCase()} ${check.path} ${check.status}`
    const response = this.#document.paths[check.path]?.[check.method]?.responses?.[String(check.status)]
    if (response === undefined) return [`${where}: the document declares no such response`]
    const media = check.contentType.split(';')[0]?.trim() ?? ''
    const content = response.content
    if (content === undefined) return check.body === undefined ? [] : [`${where}: declares no body, got one`]
    const declared = content[media]
    if (declared === undefined)
      return [`${where}: content type ${media} is not one of ${Object.keys(content).join(', ')}`]
    const key = `${where} ${media}`
    let validate = this.#compiled.get(key)
    if (validate === undefined) {
      validate = this.#ajv.compile(declared.schema ?? true)
      this.#compiled.set(key, validate)
    }
    this.checked.add(where)
    if (validate(check.body)) return []
    return (validate.errors ?? []).map((e) => `${where}: body${e.instancePath} ${e.message ?? 'is invalid'}`)
  }
}
