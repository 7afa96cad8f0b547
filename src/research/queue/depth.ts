/**
 * `queueDepth`: how many combinations wait, run, are done or failed on the sweep queue, across
 * every sweep. A scaler reads it (`tradepulse worker --queue … --status --json`) to size the
 * worker pool: see docs/research.md#distributed-sweeps.
 */
import { Queue } from 'bullmq'
import { RedisConnections, parseQueueUrl } from './connection.ts'
import { SWEEP_QUEUE } from './job.ts'

export interface QueueDepth {
  /** Enqueued and not yet taken, including retries waiting out their back-off. */
  readonly waiting: number
  readonly active: number
  /** Finished and not yet collected by their coordinator. */
  readonly completed: number
  readonly failed: number
}

export async function queueDepth(url: string): Promise<QueueDepth> {
  const connections = new RedisConnections(parseQueueUrl(url))
  const queue = new Queue(SWEEP_QUEUE, { connection: connections.create() })
  try {
    const counts = await queue.getJobCounts(
      'waiting',
      'prioritized',
      'delayed',
      'active',
      'completed',
      'failed',
    )
    const count = (state: string): number => counts[state] ?? 0
    return {
      waiting: count('waiting') + count('prioritized') + count('delayed'),
      active: count('active'),
      completed: count('completed'),
      failed: count('failed'),
    }
  } finally {
    await queue.close().catch(() => undefined)
    await connections.close()
  }
}
