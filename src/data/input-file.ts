/**
 * Opening an input file, the one way every reader does it. The open is non-blocking, so a FIFO
 * returns at once instead of waiting for a writer that may never come, and anything but a
 * regular file (a directory, a FIFO, a socket, a device) is refused before a byte is read, with
 * the same words whichever reader was asked. Non-blocking changes nothing for a regular file.
 */
import { constants } from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'
import { TradePulseError } from '../domain/errors.ts'
import { errnoCode, fileErrorReason } from './file-error.ts'

export interface InputFile {
  readonly handle: FileHandle
  readonly size: number
}

function readError(path: string, reason: string): TradePulseError {
  return new TradePulseError('DATA_FILE_NOT_FOUND', `cannot read: ${reason}`, { file: path })
}

function notRegular(mode: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean }): string {
  if (mode.isFIFO()) return 'a FIFO'
  if (mode.isSocket()) return 'a socket'
  return mode.isCharacterDevice() ? 'a character device' : 'a block device'
}

/** Opens `path` for reading; throws DATA_FILE_NOT_FOUND naming why if it is not a readable regular file. The caller closes the handle. */
export async function openInputFile(path: string): Promise<InputFile> {
  let handle: FileHandle
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    const code = errnoCode(error)
    if (code === undefined) throw error
    throw readError(path, fileErrorReason(code))
  }
  try {
    const info = await handle.stat()
    if (info.isDirectory()) throw readError(path, 'it is a directory')
    if (!info.isFile()) throw readError(path, `not a regular file (${notRegular(info)})`)
    return { handle, size: info.size }
  } catch (error) {
    await handle.close()
    throw error
  }
}
