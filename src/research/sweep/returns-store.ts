/**
 * `returns.f64` in a sweep folder: each combination's per-period returns (period-returns.ts),
 * for the overfitting statistics. One record per combination, appended as results arrive:
 * the combination's index, the number of returns n, then the n returns, all little-endian
 * float64 (so a record is 8 × (n + 2) bytes and the file needs no separate index).
 *
 * Resuming reads the whole records and truncates a torn last one (an interrupted write), as
 * results.jsonl is resumed; a combination whose record is missing is run again. Writes are
 * batched and fsync'd like results.jsonl's.
 */
import { type FileHandle, open, readFile, truncate } from 'node:fs/promises'

export const RETURNS_FILE = 'returns.f64'

const HEADER = 2

function encode(index: number, returns: Float64Array): Buffer {
  const record = new Float64Array(HEADER + returns.length)
  record[0] = index
  record[1] = returns.length
  record.set(returns, HEADER)
  const buffer = Buffer.from(record.buffer)
  // Float64Array is in the machine's byte order; the file is little-endian everywhere.
  if (!IS_LITTLE_ENDIAN) buffer.swap64()
  return buffer
}

const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/**
 * The whole records of `path` by combination index (a later record for the same index wins);
 * a torn tail is cut from the file. A missing file holds none.
 */
export async function readReturns(path: string): Promise<Map<number, Float64Array>> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch {
    return new Map()
  }
  const byIndex = new Map<number, Float64Array>()
  let offset = 0
  while (offset + HEADER * 8 <= bytes.length) {
    const index = bytes.readDoubleLE(offset)
    const count = bytes.readDoubleLE(offset + 8)
    if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 0) break
    const end = offset + (HEADER + count) * 8
    if (end > bytes.length) break
    const values = new Float64Array(count)
    for (let k = 0; k < count; k++) values[k] = bytes.readDoubleLE(offset + (HEADER + k) * 8)
    byIndex.set(index, values)
    offset = end
  }
  if (offset < bytes.length) await truncate(path, offset)
  return byIndex
}

/** Appends records to returns.f64, written and fsync'd in batches. */
export class ReturnsLog {
  readonly #handle: FileHandle
  readonly #batch: number
  #pending: Buffer[] = []
  #writing: Promise<void> = Promise.resolve()

  private constructor(handle: FileHandle, batch: number) {
    this.#handle = handle
    this.#batch = batch
  }

  static async open(path: string, batch = 64): Promise<ReturnsLog> {
    return new ReturnsLog(await open(path, 'a'), batch)
  }

  append(index: number, returns: Float64Array): void {
    this.#pending.push(encode(index, returns))
    if (this.#pending.length >= this.#batch) this.flush().catch(() => undefined) // kept in #writing: close() reports it
  }

  flush(): Promise<void> {
    const pending = this.#pending
    this.#pending = []
    if (pending.length > 0) {
      this.#writing = this.#writing.then(async () => {
        await this.#handle.write(Buffer.concat(pending))
        await this.#handle.datasync()
      })
    }
    return this.#writing
  }

  async close(): Promise<void> {
    try {
      await this.flush()
    } finally {
      await this.#handle.close()
    }
  }
}
