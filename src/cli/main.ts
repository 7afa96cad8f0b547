/**
 * Runs the CLI and turns what happened into an exit status: 0 success, 1 a user error (one
 * line, no stack unless --verbose), 2 a bug (message and stack, since it must be reported).
 */
import { CommanderError } from 'commander'
import { isTradePulseError } from '../domain/errors.ts'
import { ValidationFailed } from './commands/data-validate.ts'
import { type CliIo, writeLine, writeText } from './io.ts'
import { createProgram } from './program.ts'

export const EXIT_OK = 0
export const EXIT_USER_ERROR = 1
export const EXIT_BUG = 2

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await createProgram(io).parseAsync([...argv], { from: 'user' })
    return EXIT_OK
  } catch (error) {
    return reportError(error, io, argv.includes('--verbose'))
  }
}

/** Prints what went wrong for the person at the terminal and returns the exit status. */
export function reportError(error: unknown, io: CliIo, verbose: boolean): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message; help and version end normally.
    return error.exitCode === 0 ? EXIT_OK : EXIT_USER_ERROR
  }
  if (isTradePulseError(error) || error instanceof ValidationFailed) {
    writeLine(io.stderr, `error: ${error.message}`)
    if (verbose && error.stack !== undefined) writeText(io.stderr, `${error.stack}\n`)
    return EXIT_USER_ERROR
  }
  const message = error instanceof Error ? error.message : String(error)
  writeLine(io.stderr, `internal error: ${message}`)
  writeLine(io.stderr, 'This is a bug in TradePulse; please report it with the command you ran.')
  if (error instanceof Error && error.stack !== undefined) {
    writeText(io.stderr, `${verbose ? error.stack : '(run with --verbose for the stack trace)'}\n`)
  }
  return EXIT_BUG
}
