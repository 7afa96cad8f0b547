/**
 * Who is signed in, for the whole page: the key's name and scopes from `GET /api/v1/session`.
 * The scopes decide what the pages offer (a read key sees no order form); the server decides
 * what is allowed, whatever the page shows.
 */
import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import { type Me, setCsrfToken } from './api.ts'

const RANK: Readonly<Record<string, number>> = { read: 0, trade: 1, admin: 2 }

export type Scope = 'read' | 'trade' | 'admin'

export interface SessionState {
  readonly me: Me
  signOut(): Promise<void>
}

export const SessionContext = createContext<SessionState | undefined>(undefined)

export function useSession(): SessionState {
  const session = useContext(SessionContext)
  if (session === undefined) throw new Error('useSession outside a signed-in page')
  return session
}

/** Whether the signed-in key's scopes include `scope` (admin ⊃ trade ⊃ read). */
export function useCan(scope: Scope): boolean {
  const { me } = useSession()
  return me.scopes.some((s) => (RANK[s] ?? -1) >= RANK[scope]!)
}

export function adopt(me: Me): Me {
  setCsrfToken(me.csrfToken)
  return me
}
