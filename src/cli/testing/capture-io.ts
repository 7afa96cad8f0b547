import { PassThrough } from 'node:stream'
import type { CliIo } from '../io.ts'
import { runCli } from '../main.ts'

export interface CliRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs the CLI in-process with captured output, as a user at a pipe would see it. */
export async function runCaptured(argv: readonly string[]): Promise<CliRun> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const out: Buffer[] = []
  const err: Buffer[] = []
  stdout.on('data', (chunk: Buffer) => out.push(chunk))
  stderr.on('data', (chunk: Buffer) => err.push(chunk))
  const io: CliIo = { stdout, stderr, interactive: false }
  const code = await runCli(argv, io)
  stdout.end()
  stderr.end()
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }
}
