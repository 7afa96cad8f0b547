/**
 * The child process of the file journal's crash test (jsonl-journal.crash.test.ts). Usage:
 *
 *     node crash-writer.ts <journal path> <seed> [sync|group]
 *
 * Opens (and so recovers) the journal — `sync` mode, or `batch` mode behind `GroupCommitJournal`
 * as the service runs it — and appends and acknowledges until it is killed
 * (crash-writer-loop.ts).
 */
import { GroupCommitJournal } from '../group-commit-journal.ts'
import { openJournal } from '../jsonl-journal.ts'
import { crashWriterArgs, writeUntilKilled } from './crash-writer-loop.ts'
import { sampleRecordCodec } from './sample-record.ts'

const { path, seed, mode } = crashWriterArgs('node crash-writer.ts')
const file = openJournal(path, { codec: sampleRecordCodec, durability: mode === 'sync' ? 'sync' : 'batch' })
await writeUntilKilled(mode === 'sync' ? file : new GroupCommitJournal(file), seed)
