/**
 * What a command may touch of the outside world: two text streams and whether a person is
 * watching. Commands take a `CliIo` rather than `process`, so tests run them in-process and read
 * exactly what a user would see.
 *
 * This is also the output boundary: every message, report, table and chart goes through
 * `writeLine`, `writeText` or `writeJson`, which escape control characters (terminal-text.ts), so
 * text quoted from a hostile file cannot drive the terminal. Only bar data that TradePulse
 * formats itself (CSV on stdout) is written to the stream directly.
 */
import { escapeForTerminal, escapeJsonForTerminal } from './terminal-text.ts'

export interface CliIo {
  readonly stdout: NodeJS.WritableStream
  readonly stderr: NodeJS.WritableStream
  /** True when stderr is a terminal: progress bars are drawn only then. */
  readonly interactive: boolean
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, interactive: process.stderr.isTTY }
}

/** One line: a line feed inside `line` is escaped too, so a message stays on its line. */
export function writeLine(stream: NodeJS.WritableStream, line = ''): void {
  stream.write(`${escapeForTerminal(line)}\n`)
}

/** Text of several lines (help, a chart, a stack trace): escaped line by line. */
export function writeText(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text.split('\n').map(escapeForTerminal).join('\n'))
}

/** Notes on an input (a name that disagrees with the content) go to stderr, apart from the results. */
export function writeNotes(io: CliIo, notes: readonly string[]): void {
  for (const note of notes) writeLine(io.stderr, `note: ${note}`)
}

export function writeJson(stream: NodeJS.WritableStream, value: unknown): void {
  stream.write(`${escapeJsonForTerminal(JSON.stringify(value, jsonReplacer, 2))}\n`)
}

/** Typed arrays and bigints have no JSON form of their own. */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Float64Array || value instanceof Uint8Array) return Array.from(value)
  return value
}
