import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { GroupCommitJournal } from './group-commit-journal.ts'
import type { Journal } from './journal.ts'
import { openJournal, readJournal } from './jsonl-journal.ts'
import { MemoryJournal } from './memory-journal.ts'
import { journalContract } from './testing/journal-contract.ts'
import { sampleRecordCodec, sampleRecordFor, type SampleRecord } from './testing/sample-record.ts'

/** A scheduler the test runs by hand: `turn()` ends the current turn of the "event loop". */
function manualScheduler(): {
  schedule: (task: () => void) => void
  turn: () => void
  waiting: () => number
} {
  let tasks: (() => void)[] = []
  return {
    schedule: (task) => tasks.push(task),
    turn: () => {
      const due = tasks
      tasks = []
      for (const task of due) task()
    },
    waiting: () => tasks.length,
  }
}

/** Counts flushes reaching the journal underneath. */
class CountingJournal extends MemoryJournal<SampleRecord> {
  flushed = 0
  failNextFlush = false
  override flush(): void {
    if (this.failNextFlush) throw new Error('fdatasync failed: EIO')
    super.flush()
    this.flushed++
  }
}

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tradepulse-group-commit-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

let files = 0
journalContract('GroupCommitJournal over a batch-mode file', () => {
  const path = join(dir, `journal-${++files}.jsonl`)
  const journal: Journal<SampleRecord> = new GroupCommitJournal(
    openJournal(path, { codec: sampleRecordCodec, durability: 'batch' }),
  )
  return { journal, contents: () => readJournal(path, sampleRecordCodec) }
})

describe('GroupCommitJournal', () => {
  it('flushes once for every append made in the same turn, then resolves every waiter', async () => {
    const scheduler = manualScheduler()
    const inner = new CountingJournal()
    const journal = new GroupCommitJournal(inner, scheduler.schedule)
    const waiters: Promise<void>[] = []
    for (let seq = 1; seq <= 50; seq++) {
      journal.append(sampleRecordFor(seq))
      waiters.push(journal.durable())
    }
    expect(inner.flushed, 'nothing is flushed before the turn ends').toBe(0)
    expect(scheduler.waiting(), 'one flush scheduled for the whole group').toBe(1)
    scheduler.turn()
    await Promise.all(waiters)
    expect(inner.flushed).toBe(1)
    expect(journal.flushes).toBe(1)
  })

  it('starts a new group for appends made after the flush began', async () => {
    const scheduler = manualScheduler()
    const inner = new CountingJournal()
    const journal = new GroupCommitJournal(inner, scheduler.schedule)
    journal.append(sampleRecordFor(1))
    const first = journal.durable()
    scheduler.turn()
    await first
    journal.appendBatch([2, 3].map(sampleRecordFor))
    const second = journal.durable()
    expect(second, 'the second group waits for its own flush').not.toBe(first)
    let settled = false
    void second.then(() => (settled = true))
    await Promise.resolve()
    expect(settled, 'not durable before its flush').toBe(false)
    scheduler.turn()
    await second
    expect(inner.flushed).toBe(2)
  })

  it('resolves at once when nothing waits to be flushed, and an empty batch schedules nothing', async () => {
    const scheduler = manualScheduler()
    const journal = new GroupCommitJournal(new CountingJournal(), scheduler.schedule)
    await journal.durable()
    journal.appendBatch([])
    expect(scheduler.waiting()).toBe(0)
  })

  it('rejects the waiters of a failed flush, so their requests are never acknowledged', async () => {
    const scheduler = manualScheduler()
    const inner = new CountingJournal()
    const journal = new GroupCommitJournal(inner, scheduler.schedule)
    journal.append(sampleRecordFor(1))
    const waiter = journal.durable()
    inner.failNextFlush = true
    scheduler.turn()
    await expect(waiter).rejects.toThrow('fdatasync failed: EIO')
  })

  it('gathers the next group while the previous one syncs off the event loop, and flushes it after', async () => {
    const scheduler = manualScheduler()
    const syncs: (() => void)[] = []
    class AsyncJournal extends CountingJournal {
      flushAsync(): Promise<void> {
        this.flushed++
        return new Promise((resolve) => syncs.push(resolve))
      }
    }
    const inner = new AsyncJournal()
    const journal = new GroupCommitJournal(inner, scheduler.schedule)
    journal.append(sampleRecordFor(1))
    const first = journal.durable()
    scheduler.turn()
    expect(syncs, 'the first group is syncing').toHaveLength(1)
    journal.append(sampleRecordFor(2))
    const second = journal.durable()
    scheduler.turn()
    journal.append(sampleRecordFor(3))
    expect(journal.durable(), 'record 3 joins the group still waiting').toBe(second)
    scheduler.turn()
    expect(syncs, 'no second sync before the first one ends').toHaveLength(1)
    let secondDone = false
    void second.then(() => (secondDone = true))
    syncs[0]!()
    await first
    await Promise.resolve()
    expect(syncs, 'the waiting group starts once the first is on disk').toHaveLength(2)
    expect(secondDone).toBe(false)
    syncs[1]!()
    await second
    expect(inner.flushed).toBe(2)
  })

  it('syncs a file journal off the event loop: durable() resolves with every record on disk', async () => {
    const path = join(dir, 'async.jsonl')
    const journal = new GroupCommitJournal(
      openJournal(path, { codec: sampleRecordCodec, durability: 'batch' }),
    )
    for (let seq = 1; seq <= 20; seq++) journal.append(sampleRecordFor(seq))
    await journal.durable()
    expect(readJournal(path, sampleRecordCodec).lastSeq).toBe(20)
    journal.close()
  })

  it('makes a pending group durable on close, and its waiters resolve', async () => {
    const scheduler = manualScheduler()
    const path = join(dir, 'closing.jsonl')
    const journal = new GroupCommitJournal(
      openJournal(path, { codec: sampleRecordCodec, durability: 'batch' }),
      scheduler.schedule,
    )
    journal.appendBatch([1, 2, 3].map(sampleRecordFor))
    const waiter = journal.durable()
    journal.close()
    expect(readJournal(path, sampleRecordCodec).lastSeq, 'on disk once closed').toBe(3)
    scheduler.turn()
    await waiter
  })

  it('keeps nothing from the file until its group is flushed (a crash before it loses only unacknowledged records)', async () => {
    const scheduler = manualScheduler()
    const path = join(dir, 'pending.jsonl')
    const journal = new GroupCommitJournal(
      openJournal(path, { codec: sampleRecordCodec, durability: 'batch' }),
      scheduler.schedule,
    )
    journal.append(sampleRecordFor(1))
    expect(readJournal(path, sampleRecordCodec).lastSeq).toBe(0)
    const waiter = journal.durable()
    scheduler.turn()
    await waiter
    expect(readJournal(path, sampleRecordCodec).records).toEqual([sampleRecordFor(1)])
    journal.close()
  })
})
