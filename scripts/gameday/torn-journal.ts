/**
 * Scenario: a torn journal tail. A stopped server's journal gets half a record appended, as a
 * crash in the middle of a write leaves it (the write was never acknowledged: the answer waits
 * for the fsync). On restart the journal drops the torn bytes and /readyz reports them; nothing
 * lost means every acknowledged order is back, the journal holds exactly its records from before
 * the fault, and only the torn bytes were dropped.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { JOURNAL_FILE } from '../../src/api/trading-desk.ts'
import { type Scenario, Timeline, check, waitFor } from './scenario.ts'
import { createKey, listOrders, readiness, startServe, startTraffic } from './serve-process.ts'

export const tornJournal: Scenario = {
  name: 'torn-journal',
  title: 'Torn journal tail',
  fault: 'half of a journal record appended to journal.jsonl of a stopped server, then the server started',
  async run(log) {
    const dataDir = mkdtempSync(join(tmpdir(), 'tradepulse-gameday-torn-'))
    const options = { dataDir }
    const journalPath = join(dataDir, JOURNAL_FILE)
    const timeline = new Timeline(log)
    try {
      const key = createKey(options, 'trade')
      const first = await startServe(options)
      const traffic = startTraffic({ url: first.url }, key, 2)
      await waitFor('20 acknowledged orders', 30_000, () =>
        traffic.acknowledged.length >= 20 ? true : undefined,
      )
      await traffic.stop()
      await first.stop()
      const before = readFileSync(journalPath)
      const lines = before
        .toString('utf8')
        .split('\n')
        .filter((l) => l !== '')
      // The last record again, cut in the middle: the shape a crash mid-write leaves.
      const last = lines.at(-1) ?? '{}'
      const torn = last.slice(0, Math.floor(last.length / 2))
      appendFileSync(journalPath, torn)
      timeline.mark(
        'injected',
        `${torn.length} bytes of a ${last.length}-byte record appended after ${lines.length} records`,
      )
      const second = await startServe(options)
      try {
        const reported = await waitFor('/readyz naming the torn tail', 30_000, async () => {
          const r = await readiness(second.url)
          return r.checks.journal?.detail.includes('torn tail') === true ? r : undefined
        })
        const detail = reported.checks.journal?.detail ?? ''
        timeline.mark('detected', `GET /readyz journal: ${detail}`)
        const after = readFileSync(journalPath)
        timeline.mark(
          'mitigated',
          `journal truncated at open to ${after.length} bytes (${before.length} before the fault)`,
        )
        const ready = await waitFor('/readyz 200', 30_000, async () => {
          const r = await readiness(second.url)
          return r.code === 200 ? r : undefined
        })
        timeline.mark('recovered', `GET /readyz ${ready.code}, every check ok`)
        const orders = await listOrders(second.url, key)
        const missing = traffic.acknowledged.filter((a) => !orders.has(a.orderId))
        const droppedBytes = Number(/torn tail of (\d+) bytes/.exec(detail)?.[1] ?? Number.NaN)
        const recoveredRecords = Number(/recovered (\d+) records/.exec(detail)?.[1] ?? Number.NaN)
        return timeline.result('GET /readyz, check `journal`: "dropped a torn tail of N bytes" at start', [
          check(
            'every acknowledged order is back',
            missing.length === 0 && traffic.acknowledged.length > 0,
            `${traffic.acknowledged.length - missing.length} of ${traffic.acknowledged.length} acknowledged orders listed`,
          ),
          check(
            'no journal record lost',
            recoveredRecords === lines.length && after.equals(before),
            `${recoveredRecords} records recovered of ${lines.length} written; the journal is byte for byte the ${before.length} bytes from before the fault`,
          ),
          check(
            'only the torn part dropped, and reported',
            droppedBytes === torn.length,
            `${droppedBytes} bytes reported dropped, ${torn.length} appended`,
          ),
        ])
      } finally {
        await second.stop()
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  },
}
