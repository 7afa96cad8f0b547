/**
 * The kill switch: its state and log for everyone, trip and reset for admin keys only, each
 * behind a confirmation that asks for the reason the server records.
 */
import type { JSX } from 'preact'
import { useState } from 'preact/hooks'
import { type RiskState, api, messageOf, must } from '../api.ts'
import { useEventStream } from '../events.tsx'
import { time } from '../format.ts'
import { useResource } from '../resource.ts'
import { useCan } from '../session.tsx'
import { ConfirmDialog } from './confirm-dialog.tsx'

export function KillSwitchPanel(): JSX.Element {
  const admin = useCan('admin')
  const risk = useResource<RiskState>(() => must(api.GET('/api/v1/risk')), [])
  useEventStream(['kill-switch'], () => {
    risk.reload()
  })
  const [asking, setAsking] = useState<'trip' | 'reset' | undefined>(undefined)
  const [status, setStatus] = useState<string | undefined>(undefined)
  const tripped = risk.data?.killSwitch.tripped === true
  const act = async (action: 'trip' | 'reset', reason: string): Promise<void> => {
    setAsking(undefined)
    try {
      await must(api.POST(`/api/v1/risk/kill-switch/${action}`, { body: { reason } }))
      setStatus(action === 'trip' ? 'Kill switch tripped' : 'Kill switch reset')
      risk.reload()
    } catch (error) {
      setStatus(messageOf(error))
    }
  }
  const last = risk.data?.killSwitch.log.at(-1)
  return (
    <section class="panel" aria-labelledby="kill-switch-title">
      <h2 id="kill-switch-title">Risk and kill switch</h2>
      {risk.error === undefined ? null : <p class="error">{risk.error}</p>}
      <p>
        <span class={tripped ? 'badge down' : 'badge up'} data-testid="kill-switch-state">
          {risk.data === undefined
            ? '…'
            : tripped
              ? 'Tripped: new orders are refused'
              : 'Armed: trading allowed'}
        </span>
      </p>
      {last === undefined ? null : (
        <p class="muted">
          Last: {last.action} at {time(last.time)}, {last.reason}
        </p>
      )}
      {admin ? (
        <button
          type="button"
          class={tripped ? 'primary' : 'danger'}
          onClick={() => {
            setAsking(tripped ? 'reset' : 'trip')
          }}
        >
          {tripped ? 'Reset kill switch' : 'Trip kill switch'}
        </button>
      ) : (
        <p class="muted">Tripping and resetting the kill switch needs an admin key.</p>
      )}
      <p role="status" class="status">
        {status ?? ''}
      </p>
      {admin ? (
        <ConfirmDialog
          open={asking !== undefined}
          title={asking === 'reset' ? 'Reset the kill switch?' : 'Trip the kill switch?'}
          message={
            asking === 'reset'
              ? 'Orders will be accepted again.'
              : 'Every working order is cancelled and new orders are refused until it is reset.'
          }
          confirmLabel={asking === 'reset' ? 'Reset' : 'Trip'}
          danger={asking !== 'reset'}
          onCancel={() => {
            setAsking(undefined)
          }}
          onConfirm={(reason) => void act(asking ?? 'trip', reason)}
        />
      ) : null}
    </section>
  )
}
