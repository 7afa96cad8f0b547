/**
 * The child process of the store journal's crash test (store-journal.crash.test.ts). Usage:
 *
 *     node store-crash-writer.ts <migrated SQLite file> <seed> [sync|group]
 *
 * Opens (and so recovers) the journal in the store's SQLite database — `sync` mode, or `batch`
 * mode behind `GroupCommitJournal` as the service runs it — and appends and acknowledges until it
 * is killed (crash-writer-loop.ts).
 */
import { GroupCommitJournal } from '../../execution/journal/group-commit-journal.ts'
import { crashWriterArgs, writeUntilKilled } from '../../execution/journal/testing/crash-writer-loop.ts'
import { sampleRecordCodec } from '../../execution/journal/testing/sample-record.ts'
import { openStoreJournal } from '../store-journal.ts'

const { path, seed, mode } = crashWriterArgs('node store-crash-writer.ts')
const journal = openStoreJournal(path, {
  codec: sampleRecordCodec,
  durability: mode === 'sync' ? 'sync' : 'batch',
})
await writeUntilKilled(mode === 'sync' ? journal : new GroupCommitJournal(journal), seed)
