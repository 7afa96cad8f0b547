/**
 * The body of a crash-test writer (crash-writer.ts for the file journal, the store's
 * store-crash-writer.ts for the SQLite one): appends `sampleRecordFor(seq)` records — singly or in
 * batches of up to 40, as the seed decides — and prints `ack <seq>` once each append is durable:
 * when `append` has returned for a `sync` journal; for a `GroupCommitJournal`, up to eight appends
 * are made in one turn, as concurrent requests would, and acknowledged when `durable()` resolves.
 *
 * Acknowledgements go through `writeSync` on fd 1 so none sits in a stream buffer when the kill
 * lands: what the parent reads is exactly what was acknowledged. Should the parent die first, the
 * next acknowledgement fails on the closed pipe and ends the child; `MAX_RECORDS_PER_RUN` bounds
 * the journal if even that does not happen.
 */
import { writeSync } from 'node:fs'

import { SeededRandom } from '../../../data/simulator/random.ts'
import { GroupCommitJournal } from '../group-commit-journal.ts'
import type { Journal } from '../journal.ts'
import { sampleRecordFor, type SampleRecord } from './sample-record.ts'

const MAX_RECORDS_PER_RUN = 20_000

export async function writeUntilKilled(
  journal: Journal<SampleRecord> | GroupCommitJournal<SampleRecord>,
  seed: number,
): Promise<void> {
  const random = new SeededRandom(seed)
  const stopAt = journal.lastSeq + MAX_RECORDS_PER_RUN
  writeSync(1, `ready ${journal.lastSeq}\n`)
  const appendSome = (): number => {
    const size = random.nextFloat() < 0.5 ? 1 : 2 + Math.floor(random.nextFloat() * 39)
    const first = journal.lastSeq + 1
    const records = Array.from({ length: size }, (_, i) => sampleRecordFor(first + i))
    return size === 1 ? journal.append(records[0]!) : journal.appendBatch(records)
  }
  while (journal.lastSeq < stopAt) {
    if (journal instanceof GroupCommitJournal) {
      const turn = 1 + Math.floor(random.nextFloat() * 8)
      const seqs = Array.from({ length: turn }, appendSome)
      await journal.durable()
      for (const seq of seqs) writeSync(1, `ack ${seq}\n`)
    } else writeSync(1, `ack ${appendSome()}\n`)
  }
  journal.close()
  writeSync(1, 'done\n')
}

/** `mode` from a writer's command line: `sync`, or `group` (a batch journal behind group commit). */
export function crashWriterArgs(usage: string): { path: string; seed: number; mode: 'sync' | 'group' } {
  const [path, seedText, mode = 'sync'] = process.argv.slice(2)
  if (path === undefined || seedText === undefined || (mode !== 'sync' && mode !== 'group')) {
    process.stderr.write(`usage: ${usage} <journal path> <seed> [sync|group]\n`)
    process.exit(2)
  }
  return { path, seed: Number(seedText), mode }
}
