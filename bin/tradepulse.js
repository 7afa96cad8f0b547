#!/usr/bin/env node
// Runs the compiled CLI when the package is built (npm run build), else the TypeScript source,
// which Node 24 runs directly by stripping types.
import { existsSync } from 'node:fs'

const compiled = new URL('../dist/cli/bin.js', import.meta.url)
await import(existsSync(compiled) ? compiled.href : new URL('../src/cli/bin.ts', import.meta.url).href)
