/**
 * A modal confirmation for actions that matter (tripping the kill switch): the native <dialog>,
 * which traps focus, closes on Escape and returns focus to the opener, and asks for a reason the
 * server records with the action.
 */
import type { JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'

export function ConfirmDialog(props: {
  readonly open: boolean
  readonly title: string
  readonly message: string
  readonly confirmLabel: string
  readonly danger?: boolean
  onConfirm(reason: string): void
  onCancel(): void
}): JSX.Element {
  const dialog = useRef<HTMLDialogElement>(null)
  const [reason, setReason] = useState('')
  useEffect(() => {
    const element = dialog.current
    if (element === null) return
    if (props.open && !element.open) {
      setReason('')
      element.showModal()
    }
    if (!props.open && element.open) element.close()
  }, [props.open])
  return (
    <dialog
      ref={dialog}
      aria-labelledby="confirm-title"
      onCancel={() => {
        props.onCancel()
      }}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault()
          if (reason.trim() !== '') props.onConfirm(reason.trim())
        }}
      >
        <h2 id="confirm-title">{props.title}</h2>
        <p>{props.message}</p>
        <div class="field">
          <label for="confirm-reason">Reason (recorded with the action)</label>
          <input
            id="confirm-reason"
            type="text"
            required
            value={reason}
            onInput={(e) => {
              setReason(e.currentTarget.value)
            }}
          />
        </div>
        <div class="actions">
          <button
            type="button"
            onClick={() => {
              props.onCancel()
            }}
          >
            Cancel
          </button>
          <button type="submit" class={props.danger === true ? 'danger' : 'primary'}>
            {props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  )
}
