/**
 * Critical advisories left once the recorded exceptions are taken out (SECURITY.md, "Exceptions
 * for a known advisory"). An exception names the advisory (npm's numeric source id or its URL),
 * the package, why it is not exploitable here, who approved it and an expiry date; an expired one
 * excepts nothing. Pure, for the audit step and its test.
 */

export interface AuditException {
  readonly advisory: string
  readonly package: string
  readonly reason: string
  readonly approvedBy: string
  /** YYYY-MM-DD, at most 90 days after approval. */
  readonly expires: string
}

interface Via {
  readonly source?: number
  readonly url?: string
  readonly title?: string
}

/** One entry of `npm audit --json`'s `vulnerabilities` map. */
export interface AuditVulnerability {
  readonly name: string
  readonly severity: string
  readonly via: readonly (string | Via)[]
}

export interface CriticalFinding {
  readonly package: string
  readonly advisories: readonly string[]
}

export function criticalFindings(
  vulnerabilities: Readonly<Record<string, AuditVulnerability>>,
  exceptions: readonly AuditException[],
  today: string,
): CriticalFinding[] {
  const active = exceptions.filter((e) => e.expires >= today)
  const excepted = (name: string, id: string): boolean =>
    active.some((e) => e.package === name && e.advisory === id)
  const findings: CriticalFinding[] = []
  for (const v of Object.values(vulnerabilities)) {
    if (v.severity !== 'critical') continue
    // `via` strings are other vulnerable packages (a transitive path); objects are the advisories.
    const advisories = v.via
      .filter((x): x is Via => typeof x !== 'string')
      .map((x) => (x.source === undefined ? (x.url ?? x.title ?? 'unknown') : String(x.source)))
    const open = advisories.filter((id) => !excepted(v.name, id))
    if (open.length > 0 || advisories.length === 0) findings.push({ package: v.name, advisories: open })
  }
  return findings
}
