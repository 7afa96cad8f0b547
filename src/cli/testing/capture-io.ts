import { PassThrough } from 'node:stream'
import type { CliIo } from '../io.ts'
import { runCli } from '../main.ts'

export interface CapturedIo {
  readonly io: CliIo
  readonly stdout: () => string
  readonly stderr: () => string
}

/** A `CliIo` whose streams are kept in memory, to read back exactly what a user would see. */
export function captureIo(interactive = false): CapturedIo {
  const collect = (): { stream: PassThrough; text: () => string } => {
    const stream = new PassThrough()
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    return { stream, text: () => Buffer.concat(chunks).toString('utf8') }
  }
  const out = collect()
  const err = collect()
  return { io: { stdout: out.stream, stderr: err.stream, interactive }, stdout: out.text, stderr: err.text }
}

export interface CliRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs the CLI in-process with captured output, as a user at a pipe would see it. */
export async function runCaptured(argv: readonly string[]): Promise<CliRun> {
  const captured = captureIo()
  const code = await runCli(argv, captured.io)
  return { code, stdout: captured.stdout(), stderr: captured.stderr() }
}
