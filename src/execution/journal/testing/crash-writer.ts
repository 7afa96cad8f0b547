/**
 * The child process of the journal crash test (jsonl-journal.crash.test.ts). Usage:
 *
 *     node crash-writer.ts <journal path> <seed>
 *
 * Opens (and so recovers) the journal in `sync` mode and appends `sampleRecordFor(seq)` records —
 * singly or in batches of up to 40, as the seed decides — printing `ack <seq>` after
 * each append has returned, i.e. after it is fsynced. The parent kills it with SIGKILL part-way
 * and checks that every acknowledged record survived. Acknowledgements go through `writeSync` on
 * fd 1 so none sits in a stream buffer when the kill lands: what the parent reads is exactly what
 * was acknowledged. Should the parent die first, the next acknowledgement fails on the closed
 * pipe and ends the child; `MAX_RECORDS_PER_RUN` bounds the file if even that does not happen.
 */
import { writeSync } from 'node:fs'

import { SeededRandom } from '../../../data/simulator/random.ts'
import { openJournal } from '../jsonl-journal.ts'
import { sampleRecordCodec, sampleRecordFor } from './sample-record.ts'

const [path, seedText] = process.argv.slice(2)
if (path === undefined || seedText === undefined) {
  process.stderr.write('usage: node crash-writer.ts <journal path> <seed>\n')
  process.exit(2)
}

const MAX_RECORDS_PER_RUN = 20_000

const random = new SeededRandom(Number(seedText))
const journal = openJournal(path, { codec: sampleRecordCodec, durability: 'sync' })
const stopAt = journal.lastSeq + MAX_RECORDS_PER_RUN
writeSync(1, `ready ${journal.lastSeq}\n`)
while (journal.lastSeq < stopAt) {
  const size = random.nextFloat() < 0.5 ? 1 : 2 + Math.floor(random.nextFloat() * 39)
  const first = journal.lastSeq + 1
  const records = Array.from({ length: size }, (_, i) => sampleRecordFor(first + i))
  const seq = size === 1 ? journal.append(records[0]!) : journal.appendBatch(records)
  writeSync(1, `ack ${seq}\n`)
}
journal.close()
writeSync(1, 'done\n')
