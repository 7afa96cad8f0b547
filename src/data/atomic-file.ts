/**
 * Writing a file so that it holds either its old content or the whole new content, never a part:
 * the content goes to a temporary file beside the destination (`.NAME.RANDOM.tmp`, same directory
 * so the same file system), is flushed to disk, and is renamed over the destination, which is
 * atomic. If anything fails before the rename — the disk fills up, the size limit is hit, the
 * producer of the content throws — the temporary file is removed and the destination is as it
 * was. Only a process killed outright can leave a temporary file behind, never a damaged
 * destination.
 *
 * A destination that is a symbolic link is written where the link points, and the link stays. A
 * file that is replaced keeps its permission bits; it gets a new inode, so another hard link to
 * the old file keeps the old content, and the new file belongs to whoever wrote it. A destination
 * that exists and is neither a file nor a directory — `/dev/null`, a FIFO, a terminal — cannot be
 * replaced and is written in place. A directory is refused.
 *
 * Failures of the file system are `DATA_WRITE_FAILED` errors that name the destination and say
 * why in words; anything the content producer throws is passed on as it is.
 */
import { randomBytes } from 'node:crypto'
import { type FileHandle, open, realpath, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { TradePulseError } from '../domain/errors.ts'
import { errnoCode, fileErrorReason } from './file-error.ts'

/** Where content is written, a piece at a time; each promise settles once the piece is written. */
export interface FileSink {
  write(data: string | Uint8Array): Promise<void>
}

/** The whole content, or a producer that writes it to a sink in pieces (for large outputs). */
export type FileContent = string | Uint8Array | ((sink: FileSink) => Promise<void>)

type Destination = { readonly kind: 'file'; readonly path: string; readonly mode?: number } | { readonly kind: 'special' }

export async function writeFileAtomically(path: string, content: FileContent): Promise<void> {
  const destination = await resolveDestination(path)
  if (destination.kind === 'special') {
    await writeInPlace(path, content)
    return
  }
  const directory = dirname(destination.path)
  const temporary = join(directory, `.${basename(destination.path)}.${randomBytes(6).toString('hex')}.tmp`)
  let handle: FileHandle | undefined
  try {
    handle = await open(temporary, 'wx')
    // open's mode passes through the umask; a replaced file keeps exactly the bits it had.
    if (destination.mode !== undefined) await handle.chmod(destination.mode)
    await fill(handle, content)
    await handle.sync()
    await handle.close()
    handle = undefined
    await rename(temporary, destination.path)
  } catch (error) {
    await handle?.close().catch(() => undefined)
    await rm(temporary, { force: true })
    throw writeError(path, error)
  }
  await syncDirectory(directory)
}

async function resolveDestination(path: string): Promise<Destination> {
  let info: Awaited<ReturnType<typeof stat>>
  try {
    info = await stat(path)
  } catch (error) {
    // Not there yet (or a dangling link, which the new file replaces): the open reports a missing directory.
    if (errnoCode(error) === 'ENOENT') return { kind: 'file', path }
    throw writeError(path, error)
  }
  if (info.isDirectory()) throw writeError(path, Object.assign(new Error('directory'), { code: 'EISDIR' }))
  if (!info.isFile()) return { kind: 'special' }
  return { kind: 'file', path: await realpath(path), mode: info.mode & 0o7777 }
}

async function fill(handle: FileHandle, content: FileContent): Promise<void> {
  // FileHandle.writeFile writes from the current position and loops over short writes.
  if (typeof content !== 'function') {
    await handle.writeFile(content)
    return
  }
  await content({
    write: async (data) => {
      await handle.writeFile(data)
    },
  })
}

async function writeInPlace(path: string, content: FileContent): Promise<void> {
  let handle: FileHandle | undefined
  try {
    handle = await open(path, 'w')
    await fill(handle, content)
  } catch (error) {
    throw writeError(path, error)
  } finally {
    await handle?.close().catch(() => undefined)
  }
}

/** Makes the rename durable too. Some file systems cannot sync a directory; the file is complete either way. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // The rename has happened; a directory that cannot be synced leaves nothing to undo.
  }
}

function writeError(path: string, error: unknown): Error {
  const code = errnoCode(error)
  if (code === undefined) return error instanceof Error ? error : new Error(String(error))
  const reason = code === 'ENOENT' ? `directory ${dirname(path)} does not exist` : fileErrorReason(code)
  return new TradePulseError('DATA_WRITE_FAILED', `cannot write: ${reason}`, { file: path })
}
