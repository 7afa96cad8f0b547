/**
 * The child process of the journal crash test (jsonl-journal.crash.test.ts). Usage:
 *
 *     node crash-writer.ts <journal path> <seed> [sync|group]
 *
 * Opens (and so recovers) the journal and appends `sampleRecordFor(seq)` records — singly or in
 * batches of up to 40, as the seed decides — printing `ack <seq>` once the append is durable:
 * in `sync` mode (the default) when `append` has returned, fsynced; in `group` mode (a batch
 * journal behind `GroupCommitJournal`, as the service runs it) up to eight appends are made in one
 * turn, as concurrent requests would, and acknowledged when `durable()` resolves. The parent kills it with SIGKILL part-way
 * and checks that every acknowledged record survived. Acknowledgements go through `writeSync` on
 * fd 1 so none sits in a stream buffer when the kill lands: what the parent reads is exactly what
 * was acknowledged. Should the parent die first, the next acknowledgement fails on the closed
 * pipe and ends the child; `MAX_RECORDS_PER_RUN` bounds the file if even that does not happen.
 */
import { writeSync } from 'node:fs'

import { SeededRandom } from '../../../data/simulator/random.ts'
import { GroupCommitJournal } from '../group-commit-journal.ts'
import { openJournal } from '../jsonl-journal.ts'
import { sampleRecordCodec, sampleRecordFor } from './sample-record.ts'

const [path, seedText, mode = 'sync'] = process.argv.slice(2)
if (path === undefined || seedText === undefined || (mode !== 'sync' && mode !== 'group')) {
  process.stderr.write('usage: node crash-writer.ts <journal path> <seed> [sync|group]\n')
  process.exit(2)
}

const MAX_RECORDS_PER_RUN = 20_000

const random = new SeededRandom(Number(seedText))
const file = openJournal(path, { codec: sampleRecordCodec, durability: mode === 'sync' ? 'sync' : 'batch' })
const journal = mode === 'sync' ? file : new GroupCommitJournal(file)
const stopAt = journal.lastSeq + MAX_RECORDS_PER_RUN
writeSync(1, `ready ${journal.lastSeq}\n`)

function appendSome(): number {
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
