/**
 * Sign-in: the API key is posted once and exchanged for a session cookie the page cannot read;
 * the key is not kept anywhere in the browser afterwards.
 */
import type { JSX } from 'preact'
import { useState } from 'preact/hooks'
import { type Me, api, messageOf, must } from '../api.ts'

export function SignInPage(props: {
  readonly problem: string | undefined
  onSignedIn(me: Me): void
}): JSX.Element {
  const [key, setKey] = useState('')
  const [error, setError] = useState<string | undefined>(props.problem)
  const [busy, setBusy] = useState(false)
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault()
    setBusy(true)
    try {
      const me = await must(api.POST('/api/v1/session', { body: { apiKey: key.trim() } }))
      setKey('')
      props.onSignedIn(me)
    } catch (failure) {
      setError(messageOf(failure))
    } finally {
      setBusy(false)
    }
  }
  return (
    <main id="main" class="sign-in">
      <h1>TradePulse</h1>
      <form onSubmit={(e) => void submit(e)} aria-describedby="sign-in-help">
        <p id="sign-in-help">
          Sign in with an API key (<code>tradepulse keys create --name me --scopes read,trade</code>). The key
          is exchanged for a session; the page does not keep it.
        </p>
        <div class="field">
          <label for="api-key">API key</label>
          <input
            id="api-key"
            type="password"
            autoComplete="off"
            spellcheck={false}
            required
            value={key}
            onInput={(e) => {
              setKey(e.currentTarget.value)
            }}
          />
        </div>
        <button type="submit" class="primary" disabled={busy}>
          Sign in
        </button>
        {error === undefined ? null : (
          <p role="alert" class="error">
            {error}
          </p>
        )}
      </form>
    </main>
  )
}
