/**
 * Every migration, in order. A new migration is a new file `NNN-name.ts` listed here; the
 * migrations test checks that the files and this list agree and that versions run 1, 2, 3….
 */
import type { Migration } from '../migration.ts'
import { migration as initial } from './001-initial.ts'

export const MIGRATIONS: readonly Migration[] = [initial]
