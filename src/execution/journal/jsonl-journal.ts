/**
 * The durable journal: an append-only JSON Lines file (format and reading rules in
 * journal-format.ts). This is the execution core's I/O adapter; the core sees only the `Journal`
 * port.
 *
 * Why a flat file and not SQLite: no native module to build in CI, one write and one fdatasync
 * per append or batch (nothing else to keep consistent), a journal a person can `tail` and `jq`,
 * and replay is one sequential read.
 *
 * Writing: records are encoded and framed before any byte is written, so a codec that refuses a
 * record changes nothing. The file is opened `O_APPEND`, and each append or batch is one
 * `writeSync` of whole lines. In `sync` mode it is fdatasynced before `append` returns; in
 * `batch` mode lines wait in memory (handed to the OS unsynced once 1 MiB has built up) until
 * `flush()`, or `flushAsync()`, which writes them at once and syncs on libuv's thread pool so the
 * event loop goes on meanwhile (group commit, group-commit-journal.ts). If a write or sync fails the journal stops accepting records for good: after a
 * failed fsync the kernel may have dropped the dirty pages, so a retry that "succeeds" proves
 * nothing (PostgreSQL's fsync lesson, 2018). The process should restart and recover.
 *
 * Opening recovers: every whole record is read and decoded (returned in `recovered`, so the
 * caller can replay without a second read), a torn tail is truncated and the truncation synced,
 * and numbering continues after the last record. A new file's directory entry is synced too,
 * or a crash could lose the file itself. A file is opened at most once per process; there is no
 * lock against a second process (see docs/execution.md).
 */
import {
  closeSync,
  fdatasync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  readSync,
  realpathSync,
  writeSync,
} from 'node:fs'
import { dirname } from 'node:path'

import { TradePulseError } from '../../domain/errors.ts'
import type { Durability, Journal, JournalContents } from './journal.ts'
import { toJsonText, type JournalCodec } from './journal-codec.ts'
import { encodeRecordLine, parseJournal } from './journal-format.ts'

export interface JsonlJournalOptions<R> {
  readonly codec: JournalCodec<R>
  /** Default `sync`: every append is durable before it returns. */
  readonly durability?: Durability
}

export interface JsonlJournal<R> extends Journal<R> {
  readonly path: string
  readonly durability: Durability
  /** The last sequence number known to be on disk; equals `lastSeq` in `sync` mode. */
  readonly durableSeq: number
  /** What recovery found when the journal was opened: the records to replay and the torn bytes dropped. */
  readonly recovered: JournalContents<R>
  /**
   * `flush()` with the fdatasync off the event loop: every record appended before the call is
   * written now and durable when the promise resolves; a failure rejects it and stops the journal
   * as a failed `flush()` does.
   */
  flushAsync(): Promise<void>
}

/** In `batch` mode, pending lines are handed to the OS (without a sync) beyond this many bytes. */
const PENDING_HIGH_WATER_BYTES = 1 << 20

/** Real paths of the journals open for writing in this process: two writers would interleave lines. */
const openPaths = new Set<string>()

/** Opens the journal at `path`, creating it if needed, and recovers it (see the module comment). */
export function openJournal<R>(path: string, options: JsonlJournalOptions<R>): JsonlJournal<R> {
  const { fd, created } = openOrCreate(path)
  try {
    if (created) syncDirectory(path)
    const realPath = realpathSync(path)
    if (openPaths.has(realPath)) {
      const message = 'the journal is already open for writing in this process'
      throw new TradePulseError('EXECUTION_JOURNAL', message, { file: path })
    }
    const parsed = parseJournal(readAll(fd, path), path, options.codec)
    if (parsed.contents.droppedTailBytes > 0) {
      io(path, 'truncating the torn tail', () => {
        ftruncateSync(fd, parsed.intactBytes)
        fsyncSync(fd)
      })
    }
    openPaths.add(realPath)
    return new FileJournal(path, realPath, fd, options.codec, options.durability ?? 'sync', parsed.contents)
  } catch (error) {
    closeSync(fd)
    throw error
  }
}

/** Reads a journal for replay without changing it: a torn tail is reported, not truncated. */
export function readJournal<R>(path: string, codec: JournalCodec<R>): JournalContents<R> {
  const bytes = io(path, 'reading', () => readFileSync(path))
  return parseJournal(bytes, path, codec).contents
}

class FileJournal<R> implements JsonlJournal<R> {
  readonly path: string
  readonly durability: Durability
  readonly recovered: JournalContents<R>
  readonly #realPath: string
  readonly #codec: JournalCodec<R>
  #fd: number | undefined
  #failure: TradePulseError | undefined
  #lastSeq: number
  /** Sequence number of the last record handed to the OS. */
  #writtenSeq: number
  #durableSeq: number
  #pending: Buffer[] = []
  #pendingBytes = 0

  constructor(
    path: string,
    realPath: string,
    fd: number,
    codec: JournalCodec<R>,
    durability: Durability,
    recovered: JournalContents<R>,
  ) {
    this.path = path
    this.#realPath = realPath
    this.#fd = fd
    this.#codec = codec
    this.durability = durability
    this.recovered = recovered
    this.#lastSeq = recovered.lastSeq
    this.#writtenSeq = recovered.lastSeq
    this.#durableSeq = recovered.lastSeq
  }

  get lastSeq(): number {
    return this.#lastSeq
  }

  get durableSeq(): number {
    return this.#durableSeq
  }

  append(record: R): number {
    const fd = this.#writable()
    const line = encodeRecordLine(this.#lastSeq + 1, toJsonText(this.#codec.encode(record), this.path))
    this.#accept(fd, line, this.#lastSeq + 1)
    return this.#lastSeq
  }

  appendBatch(records: readonly R[]): number {
    const fd = this.#writable()
    if (records.length === 0) return this.#lastSeq
    const lines = records.map((record, i) =>
      encodeRecordLine(this.#lastSeq + 1 + i, toJsonText(this.#codec.encode(record), this.path)),
    )
    this.#accept(fd, lines.length === 1 ? lines[0]! : Buffer.concat(lines), this.#lastSeq + records.length)
    return this.#lastSeq
  }

  flush(): void {
    const fd = this.#writable()
    if (this.#pending.length > 0) this.#write(fd, this.#takePending(), this.#lastSeq)
    if (this.#durableSeq < this.#writtenSeq) this.#sync(fd)
  }

  flushAsync(): Promise<void> {
    let fd: number
    try {
      fd = this.#writable()
      if (this.#pending.length > 0) this.#write(fd, this.#takePending(), this.#lastSeq)
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)))
    }
    const target = this.#writtenSeq
    if (this.#durableSeq >= target) return Promise.resolve()
    return new Promise((resolve, reject) => {
      fdatasync(fd, (cause) => {
        // A synchronous flush (from `close`) may have covered these records while this one ran.
        if (cause === null || this.#durableSeq >= target) {
          this.#durableSeq = Math.max(this.#durableSeq, target)
          resolve()
          return
        }
        const error = systemError(this.path, 'syncing', cause)
        this.#fail(error)
        reject(error)
      })
    })
  }

  close(): void {
    const fd = this.#fd
    if (fd === undefined) return
    try {
      if (this.#failure === undefined) this.flush()
    } finally {
      this.#fd = undefined
      openPaths.delete(this.#realPath)
      io(this.path, 'closing', () => {
        closeSync(fd)
      })
    }
  }

  /** Takes framed lines ending at `seq`: written and synced now (`sync`) or queued (`batch`). */
  #accept(fd: number, lines: Buffer, seq: number): void {
    if (this.durability === 'sync') {
      this.#write(fd, lines, seq)
      this.#sync(fd)
    } else {
      this.#pending.push(lines)
      this.#pendingBytes += lines.length
      if (this.#pendingBytes >= PENDING_HIGH_WATER_BYTES) this.#write(fd, this.#takePending(), seq)
    }
    this.#lastSeq = seq
  }

  #takePending(): Buffer {
    const lines =
      this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending, this.#pendingBytes)
    this.#pending = []
    this.#pendingBytes = 0
    return lines
  }

  #write(fd: number, bytes: Buffer, seq: number): void {
    io(
      this.path,
      'writing',
      () => {
        // A regular file rarely takes less than asked, but a full disk or a signal can cut a write short.
        for (let offset = 0; offset < bytes.length;)
          offset += writeSync(fd, bytes, offset, bytes.length - offset)
      },
      this.#fail,
    )
    this.#writtenSeq = seq
  }

  #sync(fd: number): void {
    io(
      this.path,
      'syncing',
      () => {
        fdatasyncSync(fd)
      },
      this.#fail,
    )
    this.#durableSeq = this.#writtenSeq
  }

  readonly #fail = (error: TradePulseError): void => {
    this.#failure = error
  }

  #writable(): number {
    if (this.#failure !== undefined) {
      throw new TradePulseError(
        'EXECUTION_JOURNAL',
        `the journal stopped accepting records after an earlier failure (${this.#failure.message}); restart and recover`,
        { file: this.path },
      )
    }
    if (this.#fd === undefined) {
      throw new TradePulseError('EXECUTION_JOURNAL', 'the journal is closed', { file: this.path })
    }
    return this.#fd
  }
}

/** Runs a file operation, turning a system error into `EXECUTION_JOURNAL` (and reporting it to `onError`). */
function io<T>(file: string, what: string, action: () => T, onError?: (error: TradePulseError) => void): T {
  try {
    return action()
  } catch (cause) {
    if (cause instanceof TradePulseError) throw cause
    const error = systemError(file, what, cause)
    onError?.(error)
    throw error
  }
}

function systemError(file: string, what: string, cause: unknown): TradePulseError {
  return new TradePulseError(
    'EXECUTION_JOURNAL',
    `${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    { file },
  )
}

function openOrCreate(path: string): { fd: number; created: boolean } {
  try {
    return { fd: openSync(path, 'ax+'), created: true }
  } catch (error) {
    if (!isErrnoCode(error, 'EEXIST')) throw systemError(path, 'creating', error)
  }
  return { fd: io(path, 'opening', () => openSync(path, 'a+')), created: false }
}

/** A new file's name lives in its directory; until that is synced a crash can lose the file. */
function syncDirectory(path: string): void {
  // Windows cannot fsync a directory; there the new entry is as durable as the OS makes it.
  if (process.platform === 'win32') return
  io(path, 'syncing the directory', () => {
    const dirFd = openSync(dirname(path), 'r')
    try {
      fsyncSync(dirFd)
    } finally {
      closeSync(dirFd)
    }
  })
}

function readAll(fd: number, path: string): Buffer {
  return io(path, 'reading', () => {
    const bytes = Buffer.allocUnsafe(fstatSync(fd).size)
    let offset = 0
    while (offset < bytes.length) {
      const read = readSync(fd, bytes, offset, bytes.length - offset, offset)
      if (read === 0) break
      offset += read
    }
    return bytes.subarray(0, offset)
  })
}

function isErrnoCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code
}
