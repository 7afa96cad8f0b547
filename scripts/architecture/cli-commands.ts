/**
 * The commands the CLI registers, read from the command tree itself (src/cli/program.ts), so a
 * new command appears in the generated documents without anyone listing it.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { pathToFileURL } from 'node:url'
import type { Command } from 'commander'

export const PROGRAM_FILE = 'src/cli/program.ts'

export interface CliCommand {
  /** Full invocation without the program name: `data validate <file>`. */
  readonly usage: string
  readonly description: string
}

/** Every leaf command under the root's src/cli/program.ts, in registration order; none without one. */
export async function cliCommands(root: string): Promise<CliCommand[]> {
  const path = join(root, PROGRAM_FILE)
  if (!existsSync(path)) return []
  const module = (await import(pathToFileURL(path).href)) as {
    createProgram: (io: { stdout: Writable; stderr: Writable; interactive: boolean }) => Command
  }
  const program = module.createProgram({ stdout: discard(), stderr: discard(), interactive: false })
  const commands: CliCommand[] = []
  const visit = (command: Command, prefix: readonly string[]): void => {
    const path = [...prefix, command.name()]
    if (command.commands.length === 0) {
      const args = command.registeredArguments.map((argument) => {
        const name = `${argument.name()}${argument.variadic ? '...' : ''}`
        return argument.required ? `<${name}>` : `[${name}]`
      })
      commands.push({ usage: [...path, ...args].join(' '), description: command.description() })
    }
    for (const child of command.commands) visit(child, path)
  }
  for (const command of program.commands) visit(command, [])
  return commands
}

function discard(): Writable {
  return new Writable({
    write(_chunk, _encoding, done) {
      done()
    },
  })
}
