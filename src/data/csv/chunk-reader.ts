/**
 * Reads a file in fixed-size chunks into one reused buffer and hands over regions that end on a
 * line end, so a consumer never sees half a line. Whatever the consumer leaves (the tail after
 * the last line end, or a quoted record that needs more bytes) is moved to the front and the next
 * chunk is read after it. Memory is one buffer: the chunk size plus the longest record.
 *
 * At the end of the file a missing final line end is supplied, so the last line reads like any
 * other.
 */
import type { FileHandle } from 'node:fs/promises'

export const DEFAULT_CHUNK_BYTES = 1 << 20

/**
 * Takes the records in `buf[start, end)`; `end` is just after a line end. Returns where it
 * stopped: `end`, or earlier when a record runs on past `end` (a quoted field spanning lines).
 * With `final`, no more bytes will come and it must take everything.
 */
export type RegionConsumer = (buf: Buffer, start: number, end: number, final: boolean) => number

export interface ChunkReadOptions {
  readonly startOffset: number
  readonly chunkBytes: number
  readonly lineEnd: number
  readonly totalBytes: number
  readonly onProgress?: ((bytesRead: number, totalBytes: number) => void) | undefined
}

export async function readRegions(handle: FileHandle, options: ChunkReadOptions, consume: RegionConsumer): Promise<void> {
  const { chunkBytes, lineEnd, totalBytes } = options
  let buf = Buffer.allocUnsafe(chunkBytes + 1)
  let filled = 0
  let position = options.startOffset
  for (;;) {
    if (filled + chunkBytes + 1 > buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(buf.length * 2, filled + chunkBytes + 1))
      buf.copy(grown, 0, 0, filled)
      buf = grown
    }
    const { bytesRead } = await handle.read(buf, filled, chunkBytes, position)
    position += bytesRead
    filled += bytesRead
    options.onProgress?.(Math.min(position, totalBytes), totalBytes)
    if (bytesRead === 0) {
      if (filled > 0) {
        if (buf[filled - 1] !== lineEnd) buf[filled++] = lineEnd
        consume(buf, 0, filled, true)
      }
      return
    }
    const last = buf.lastIndexOf(lineEnd, filled - 1)
    if (last < 0) continue
    const consumed = consume(buf, 0, last + 1, false)
    buf.copyWithin(0, consumed, filled)
    filled -= consumed
  }
}
