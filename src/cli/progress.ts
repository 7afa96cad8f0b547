/**
 * Progress for long work: a bar on a terminal (cli-progress), nothing at all otherwise, so logs
 * and pipes stay clean.
 */
import cliProgress from 'cli-progress'
import type { CliIo } from './io.ts'

export interface Progress {
  update(done: number, total: number): void
  stop(): void
}

const SILENT: Progress = { update: () => undefined, stop: () => undefined }

/** What a progress bar counts. */
export type ProgressUnit = 'bytes' | 'bars' | 'combinations'

export function startProgress(io: CliIo, label: string, unit: ProgressUnit): Progress {
  if (!io.interactive) return SILENT
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr,
      format: `${label} [{bar}] {percentage}% | {value_fmt} / {total_fmt} | eta {eta_formatted}`,
      hideCursor: true,
      // Drawn only when `interactive` says a person is watching; this lets that decision stand even
      // when the stream object does not advertise itself as a TTY.
      noTTYOutput: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  return {
    update(done: number, total: number): void {
      if (!started) {
        bar.start(total, 0, { value_fmt: format(0, unit), total_fmt: format(total, unit) })
        started = true
      }
      bar.setTotal(total)
      bar.update(done, { value_fmt: format(done, unit), total_fmt: format(total, unit) })
    },
    stop(): void {
      if (started) bar.stop()
    },
  }
}

function format(value: number, unit: ProgressUnit): string {
  return unit === 'bytes' ? formatBytes(value) : `${value.toLocaleString('en-US')} ${unit}`
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes / 1024
  let i = 0
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024
    i++
  }
  return `${value.toFixed(1)} ${units[i]!}`
}

/** Runs `work` with a progress bar fed by its `onProgress` callback, and always takes the bar down. */
export async function withProgress<T>(
  io: CliIo,
  label: string,
  unit: ProgressUnit,
  work: (onProgress: (done: number, total: number) => void) => Promise<T>,
): Promise<T> {
  const progress = startProgress(io, label, unit)
  try {
    return await work((done, total) => {
      progress.update(done, total)
    })
  } finally {
    progress.stop()
  }
}
