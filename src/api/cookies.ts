/**
 * The one cookie the service sets: the dashboard session (sessions.ts). Parsing and serialising
 * it by hand keeps a dependency out for a header this small (RFC 6265 §4.1.1, §5.2).
 */
export const SESSION_COOKIE = 'tp_session'

/** The value of cookie `name` in a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() !== name) continue
    const value = part.slice(eq + 1).trim()
    return value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1) : value
  }
  return undefined
}

export interface SessionCookieOptions {
  readonly secure: boolean
  /** Seconds; 0 deletes the cookie. */
  readonly maxAgeSeconds: number
}

/**
 * httpOnly (scripts never see it), SameSite=Strict (no other site's page can make the browser
 * send it), Path=/ (the dashboard and the API share it).
 */
export function sessionCookie(value: string, options: SessionCookieOptions): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${options.maxAgeSeconds}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ')
}
