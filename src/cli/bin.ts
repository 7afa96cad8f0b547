#!/usr/bin/env node
import { processIo } from './io.ts'
import { runCli } from './main.ts'

// A reader that stops early (`| head`) closes the pipe; that ends the command, not in an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

process.exitCode = await runCli(process.argv.slice(2), processIo())
