/**
 * `tradepulse worker --queue redis://HOST:PORT`: runs combinations of distributed sweeps
 * (`tradepulse sweep --queue …`) until SIGINT or SIGTERM, which stop it taking jobs and let the
 * running ones finish (a second signal exits at once; the jobs then go back to the queue when
 * their locks lapse). `--status` prints the queue's depth instead, for a person or a scaler. Logs
 * go to stderr, one line per job. See docs/research.md#distributed-sweeps.
 */
import type { Command } from 'commander'
import { queueDepth } from '../../research/queue/depth.ts'
import type { QueueDataSource } from '../../research/queue/job.ts'
import { startSweepWorker } from '../../research/queue/worker.ts'
import type { BacktestConfigInput } from '../../backtest/config.ts'
import type { InstrumentBars } from '../../backtest/input.ts'
import { instrumentBars } from '../backtest-inputs.ts'
import { readBarInputs } from '../bar-inputs.ts'
import { type CliIo, writeJson, writeLine } from '../io.ts'
import { parseIntegerOption } from '../options.ts'
import type { WideFlags } from '../wide-input.ts'

interface WorkerFlags {
  readonly queue: string
  readonly concurrency: string
  readonly lockDuration: string
  readonly stalledInterval: string
  readonly status: boolean
  readonly json: boolean
}

/** Reads a job's data as `sweep --data` read it, with the same reader options. */
export function loadQueuedData(
  source: QueueDataSource,
  config: BacktestConfigInput,
): Promise<InstrumentBars[]> {
  return readBarInputs(source.path, source.reader as unknown as WideFlags).then((inputs) =>
    instrumentBars(inputs, config),
  )
}

export function registerWorker(program: Command, io: CliIo): void {
  program
    .command('worker')
    .description('Run combinations of distributed sweeps (sweep --queue) from a Redis queue until stopped')
    .requiredOption('--queue <url>', 'the Redis the sweeps are queued on: redis://HOST:PORT[/DB]')
    .option('--concurrency <n>', 'combinations run at once, each on a thread of its own', '1')
    .option(
      '--lock-duration <ms>',
      "how long a job's lock lasts unrenewed: a killed worker's job waits this long",
      '30000',
    )
    .option('--stalled-interval <ms>', 'how often jobs of vanished workers are looked for', '30000')
    .option('--status', 'print the waiting, active, completed and failed counts and exit', false)
    .option('--json', 'with --status, print the counts as JSON', false)
    .addHelpText(
      'after',
      `
Examples:
  tradepulse worker --queue redis://queue.internal:6379 --concurrency 8
  tradepulse worker --queue redis://127.0.0.1:6379 --status --json`,
    )
    .action(async (flags: WorkerFlags) => {
      if (flags.status) {
        const depth = await queueDepth(flags.queue)
        if (flags.json) writeJson(io.stdout, depth)
        else
          writeLine(
            io.stdout,
            `waiting ${depth.waiting}  active ${depth.active}  completed ${depth.completed}  failed ${depth.failed}`,
          )
        return
      }
      const concurrency = parseIntegerOption('--concurrency', flags.concurrency, 1, 1024)
      const lockDurationMs = parseIntegerOption('--lock-duration', flags.lockDuration, 100)
      const stalledIntervalMs = parseIntegerOption('--stalled-interval', flags.stalledInterval, 100)
      const log = (line: string): void => {
        writeLine(io.stderr, `${new Date().toISOString()} ${line}`)
      }
      const worker = await startSweepWorker({
        queue: flags.queue,
        concurrency,
        lockDurationMs,
        stalledIntervalMs,
        loadData: loadQueuedData,
        log,
      })
      log(`worker ready on ${flags.queue}, ${concurrency} at a time (pid ${process.pid})`)
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals): void => {
          log(`${signal}: finishing the running jobs (send it again to exit now)`)
          process.once(signal, () => process.exit(130))
          void worker.close().then(resolve)
        }
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
      log(`stopped after ${worker.processed()} job(s)`)
    })
}
