/**
 * History routing in a few lines: the path is state, `navigate` pushes it, the back button pops
 * it. The server answers every path without a file extension with index.html, so a reload or a
 * shared link to `/backtests/42` opens that page.
 */
import type { ComponentChildren, JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'

const listeners = new Set<(path: string) => void>()

export function navigate(path: string): void {
  if (path === window.location.pathname + window.location.search) return
  window.history.pushState(null, '', path)
  for (const listener of listeners) listener(path)
}

export function useLocation(): string {
  const [path, setPath] = useState(window.location.pathname + window.location.search)
  useEffect(() => {
    const onPop = (): void => {
      setPath(window.location.pathname + window.location.search)
    }
    listeners.add(setPath)
    window.addEventListener('popstate', onPop)
    return () => {
      listeners.delete(setPath)
      window.removeEventListener('popstate', onPop)
    }
  }, [])
  return path
}

interface LinkProps {
  readonly href: string
  readonly children: ComponentChildren
  readonly class?: string
  readonly current?: boolean
}

/** An ordinary link (keyboard, middle click, copy) that navigates in place on a plain click. */
export function Link(props: LinkProps): JSX.Element {
  const onClick = (event: MouseEvent): void => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(props.href)
  }
  return (
    <a
      href={props.href}
      class={props.class}
      onClick={onClick}
      {...(props.current === true ? { 'aria-current': 'page' as const } : {})}
    >
      {props.children}
    </a>
  )
}
