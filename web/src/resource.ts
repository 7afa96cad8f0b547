/** Data a component loads from the API, with its error and a way to load it again. */
import { useCallback, useEffect, useState } from 'preact/hooks'
import { messageOf } from './api.ts'

export interface Resource<T> {
  readonly data: T | undefined
  readonly error: string | undefined
  readonly loading: boolean
  reload(): void
}

export function useResource<T>(load: () => Promise<T>, deps: readonly unknown[]): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const [loading, setLoading] = useState(true)
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    let current = true
    setLoading(true)
    load().then(
      (value) => {
        if (!current) return
        setData(value)
        setError(undefined)
        setLoading(false)
      },
      (failure: unknown) => {
        if (!current) return
        setError(messageOf(failure))
        setLoading(false)
      },
    )
    return () => {
      current = false
    }
    // `load` is a fresh closure each render; `deps` say when it means something new.
  }, [...deps, generation])
  const reload = useCallback(() => {
    setGeneration((g) => g + 1)
  }, [])
  return { data, error, loading, reload }
}
