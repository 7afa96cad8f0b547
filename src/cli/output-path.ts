/**
 * Checks on where a command writes, made before any work so a mistake costs nothing.
 *
 * An output that is an existing directory is refused before the work rather than after it. An
 * output that is one of the inputs is refused: writing it would replace the data the result
 * was computed from. "The same file" is decided by device and inode, so `./x.csv`, `dir/../x.csv`,
 * a symbolic link and a hard link all count. An output that does not exist yet cannot be an input.
 */
import { type Stats } from 'node:fs'
import { mkdir, stat } from 'node:fs/promises'
import { errnoCode, fileErrorReason } from '../data/file-error.ts'
import { TradePulseError } from '../domain/errors.ts'
import { usageError } from './options.ts'

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path)
  } catch {
    // Missing or unreadable: the command's own read or write reports it, with the reason.
    return null
  }
}

export async function checkOutputFile(
  option: string,
  output: string,
  inputs: readonly (string | undefined)[],
): Promise<void> {
  const out = await statOrNull(output)
  if (out === null) return
  if (out.isDirectory())
    throw new TradePulseError('DATA_WRITE_FAILED', 'cannot write: it is a directory', { file: output })
  for (const input of inputs) {
    if (input === undefined) continue
    const source = await statOrNull(input)
    if (source !== null && source.dev === out.dev && source.ino === out.ino) {
      throw usageError(option, `${output} is the input file ${input}; write to another file`)
    }
  }
}

/** The directory a command writes its files into: made if missing, refused if a file has the name. */
export async function makeOutputDirectory(option: string, path: string): Promise<void> {
  const info = await statOrNull(path)
  if (info !== null && !info.isDirectory()) throw usageError(option, `${path} exists and is not a directory`)
  try {
    await mkdir(path, { recursive: true })
  } catch (error) {
    const code = errnoCode(error)
    if (code === undefined) throw error
    throw new TradePulseError('DATA_WRITE_FAILED', `cannot make the directory: ${fileErrorReason(code)}`, {
      file: path,
    })
  }
}
