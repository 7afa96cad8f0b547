/**
 * The parent side of a journal crash test: runs a writer child (crash-writer-loop.ts) until it has
 * acknowledged a number of appends, kills it with SIGKILL, and reports what it acknowledged.
 */
import { spawn } from 'node:child_process'

const CHILD_TIMEOUT_MS = 10_000

export interface CrashRun {
  /** The sequence number the child found on opening (what it recovered). */
  readonly startSeq: number
  readonly acknowledged: readonly number[]
  readonly signal: NodeJS.Signals | null
  readonly finished: boolean
}

/** Runs the writer until it has acknowledged `killAfterAcks` appends, then (after `delayMs`) kills it. */
export function runAndKill(
  script: string,
  path: string,
  mode: 'sync' | 'group',
  seed: number,
  killAfterAcks: number,
  delayMs: number,
): Promise<CrashRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, path, String(seed), mode], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const acknowledged: number[] = []
    let startSeq = -1
    let finished = false
    let pending = ''
    let stderr = ''
    let killing = false
    const guard = setTimeout(() => {
      child.kill('SIGKILL')
      reject(
        new Error(`the writer did not reach ${killAfterAcks} acknowledgements in time; stderr: ${stderr}`),
      )
    }, CHILD_TIMEOUT_MS)
    const kill = (): void => {
      child.kill('SIGKILL')
    }

    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      pending += chunk
      const lines = pending.split('\n')
      pending = lines.pop()!
      for (const line of lines) {
        const [word, value] = line.split(' ')
        if (word === 'ack') acknowledged.push(Number(value))
        else if (word === 'ready') startSeq = Number(value)
        else if (word === 'done') finished = true
      }
      if (!killing && acknowledged.length >= killAfterAcks) {
        killing = true
        if (delayMs === 0) kill()
        else setTimeout(kill, delayMs)
      }
    })
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk
    })
    child.on('error', (error) => {
      clearTimeout(guard)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(guard)
      if (signal !== 'SIGKILL')
        reject(new Error(`the writer exited on its own (${String(code)}); stderr: ${stderr}`))
      else resolve({ startSeq, acknowledged, signal, finished })
    })
  })
}
