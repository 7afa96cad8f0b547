/**
 * RFC 9457 problem details. Every error the API returns is `application/problem+json` with a
 * stable `type` per error kind: `/api/v1/errors/<CODE>`, a URI the API itself resolves to the
 * code's entry in the error catalogue (src/domain/errors.ts, docs/errors.md). `code` repeats the
 * catalogue code for clients that switch on it; `field` names the input at fault when one is.
 */
import {
  ERROR_CODES,
  type ErrorCode,
  type ErrorLocation,
  TradePulseError,
  isTradePulseError,
} from '../domain/errors.ts'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

export interface Problem {
  readonly type: string
  readonly title: string
  readonly status: number
  readonly detail: string
  readonly code: ErrorCode
  readonly instance?: string
  readonly field?: string
  /** Validation problems: every field at fault, not only the first. */
  readonly errors?: readonly { readonly field: string; readonly message: string }[]
}

/** HTTP status per catalogue code; anything not listed is a 400 (the input was refused). */
const STATUS: Partial<Record<ErrorCode, number>> = {
  API_UNAUTHORIZED: 401,
  API_FORBIDDEN: 403,
  API_CSRF: 403,
  API_NOT_FOUND: 404,
  EXECUTION_UNKNOWN_ORDER: 404,
  STRATEGY_NOT_FOUND: 404,
  INDICATOR_UNKNOWN: 404,
  API_CONFLICT: 409,
  STORE_CONFLICT: 409,
  API_IDEMPOTENCY_CONFLICT: 422,
  API_PAYLOAD_TOO_LARGE: 413,
  API_UNSUPPORTED_MEDIA_TYPE: 415,
  API_RATE_LIMITED: 429,
  API_UNAVAILABLE: 503,
  STORE_UNAVAILABLE: 503,
  API_INTERNAL: 500,
}

export function statusOf(code: ErrorCode): number {
  return STATUS[code] ?? 400
}

export function problemType(code: ErrorCode): string {
  return `/api/v1/errors/${code}`
}

export function problem(
  code: ErrorCode,
  detail: string,
  extra: Pick<Problem, 'instance' | 'field' | 'errors'> = {},
): Problem {
  return {
    type: problemType(code),
    title: ERROR_CODES[code],
    status: statusOf(code),
    detail,
    code,
    ...extra,
  }
}

/** A catalogue error that carries more for the client than a message: a validation report, say. */
export class DetailedError extends TradePulseError {
  readonly details: Readonly<Record<string, unknown>>

  constructor(
    code: ErrorCode,
    message: string,
    location: ErrorLocation,
    details: Readonly<Record<string, unknown>>,
  ) {
    super(code, message, location)
    this.details = details
  }
}

/** A thrown error as a problem: catalogue errors keep their code and field; anything else is a 500. */
export function problemFromError(error: unknown, instance: string): Problem {
  if (isTradePulseError(error)) {
    return {
      ...(error instanceof DetailedError ? error.details : {}),
      ...problem(error.code, error.message, {
        instance,
        ...(error.location.field === undefined ? {} : { field: error.location.field }),
      }),
    }
  }
  // An unexpected error's message may hold internals: the client gets a generic detail, the log the rest.
  return problem('API_INTERNAL', 'the server failed to answer this request; it has been logged', { instance })
}
