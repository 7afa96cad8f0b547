/**
 * What a command may touch of the outside world: two text streams and whether a person is
 * watching. Commands take a `CliIo` rather than `process`, so tests run them in-process and read
 * exactly what a user would see.
 */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream
  readonly stderr: NodeJS.WritableStream
  /** True when stderr is a terminal: progress bars are drawn only then. */
  readonly interactive: boolean
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, interactive: process.stderr.isTTY }
}

export function writeLine(stream: NodeJS.WritableStream, line = ''): void {
  stream.write(`${line}\n`)
}

export function writeJson(stream: NodeJS.WritableStream, value: unknown): void {
  stream.write(`${JSON.stringify(value, jsonReplacer, 2)}\n`)
}

/** Typed arrays and bigints have no JSON form of their own. */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Float64Array || value instanceof Uint8Array) return Array.from(value)
  return value
}
