/** Reads config/supply-chain.json and package-lock.json from the project root. */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Lockfile, SupplyChainPolicy } from './lockfile-gate.ts'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export function readPolicy(): SupplyChainPolicy {
  return JSON.parse(readFileSync(`${ROOT}config/supply-chain.json`, 'utf8')) as SupplyChainPolicy
}

export function readLockfile(): Lockfile {
  return JSON.parse(readFileSync(`${ROOT}package-lock.json`, 'utf8')) as Lockfile
}
