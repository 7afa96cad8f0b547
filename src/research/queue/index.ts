/**
 * Distributed sweeps: a coordinator enqueues a sweep's combinations on a BullMQ queue in Redis and
 * collects their results into the sweep folder; workers on any machine that reaches the data run
 * them. See docs/research.md#distributed-sweeps.
 */
export { type QueuedSweepOptions, runQueuedSweep } from './coordinator.ts'
export {
  type DataLoader,
  type SweepWorker,
  type SweepWorkerOptions,
  checkFingerprints,
  startSweepWorker,
} from './worker.ts'
export { type QueueDepth, queueDepth } from './depth.ts'
export { QueueDataSource, SWEEP_QUEUE, SweepJobData, sweepJobId } from './job.ts'
export { parseQueueUrl } from './connection.ts'
