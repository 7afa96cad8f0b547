/**
 * A sweep worker thread (pool.ts starts it): loads the strategy and views the shared bars once,
 * says it is ready, then runs each job it is sent and replies with the evaluation.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { loadStrategy } from '../../strategy/load.ts'
import { describeError, evaluateCombination } from './evaluate.ts'
import type { WorkerInit, WorkerJob, WorkerReply } from './pool.ts'
import { sharedToBars } from './shared-bars.ts'

const port = parentPort
if (port === null) throw new Error('worker.ts runs as a worker thread of the sweep pool')
const init = workerData as WorkerInit
const reply = (message: WorkerReply): void => {
  port.postMessage(message)
}

try {
  const strategy = await loadStrategy(init.strategyModule, init.cwd)
  const data = sharedToBars(init.data)
  port.on('message', (job: WorkerJob) => {
    const outcome = evaluateCombination({
      strategy,
      params: job.params,
      data,
      ...(init.config === undefined ? {} : { config: init.config }),
    })
    reply({ kind: 'done', id: job.id, outcome })
  })
  reply({ kind: 'ready' })
} catch (error) {
  reply({ kind: 'failed', error: describeError(error) })
}
