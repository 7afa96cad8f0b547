/**
 * `make profile-cpu WORKLOAD=…` / `make profile-mem WORKLOAD=…` — profiles one named workload
 * (scripts/perf/workloads.ts) in a child `node --cpu-prof` or `node --heap-prof` process, keeps
 * the raw profile and writes an offline flame graph beside it:
 *
 *   node scripts/perf/profile.ts --workload NAME [--kind cpu|mem] [--out reports/profiles]
 *
 * Output: `<out>/<workload>-<kind>-<UTC timestamp>/` holding `<workload>.cpuprofile` or
 * `<workload>.heapprofile` (open it in Chrome DevTools or speedscope for other views) and
 * `flame-graph.html`. Prints the folder and the ten functions with the most self time or bytes.
 *
 * Why a child process: the profiler flags must be on the command line of the process that runs
 * the work, and the profile is written when that process exits. The CPU sampling interval is
 * 100 µs (Node's default is 1 ms, too coarse for a workload of a second or two); the heap is
 * sampled every 32 KiB allocated (default 512 KiB). The heap profile shows allocations by the
 * frame that made them among the objects sampled, as Node writes it at exit.
 */
import { spawn } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { flameGraphHtml } from './flame-graph-html.ts'
import {
  type CpuProfile,
  type FlameTree,
  type FrameSummary,
  type HeapProfile,
  cpuProfileTree,
  formatAmount,
  heapProfileTree,
  topFrames,
} from './profile-tree.ts'
import { WORKLOADS, findWorkload } from './workloads.ts'

export type ProfileKind = 'cpu' | 'mem'

export interface ProfileOptions {
  readonly workload: string
  readonly kind: ProfileKind
  /** Parent folder of the run's folder. */
  readonly out: string
  /** Folder name suffix; the UTC time of the run by default. */
  readonly stamp?: string
  readonly log?: (line: string) => void
}

export interface ProfileOutcome {
  readonly dir: string
  readonly profileFile: string
  readonly htmlFile: string
  readonly tree: FlameTree
  readonly top: readonly FrameSummary[]
}

const CPU_INTERVAL_US = 100
const HEAP_INTERVAL_BYTES = 32 * 1024
const USAGE = `usage: node scripts/perf/profile.ts --workload ${WORKLOADS.map((w) => w.name).join('|')} [--kind cpu|mem] [--out reports/profiles]`

function stampNow(): string {
  return new Date()
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-')
}

function runChild(args: readonly string[], log: (line: string) => void): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line !== '') log(line)
      output += chunk.toString()
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolvePromise()
      else reject(new Error(`the profiled process exited with ${String(code)}:\n${output.slice(-2000)}`))
    })
  })
}

/** Profiles one workload in a child process and writes the profile and its flame graph. */
export async function profileWorkload(options: ProfileOptions): Promise<ProfileOutcome> {
  const workload = findWorkload(options.workload)
  if (workload === undefined)
    throw new Error(`--workload: no workload named ${JSON.stringify(options.workload)}\n${USAGE}`)
  const log = options.log ?? ((): void => undefined)
  const dir = resolve(options.out, `${workload.name}-${options.kind}-${options.stamp ?? stampNow()}`)
  await mkdir(dir, { recursive: true })
  const extension = options.kind === 'cpu' ? 'cpuprofile' : 'heapprofile'
  const profileName = `${workload.name}.${extension}`
  const flags =
    options.kind === 'cpu'
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${dir}`,
          `--cpu-prof-name=${profileName}`,
          `--cpu-prof-interval=${CPU_INTERVAL_US}`,
        ]
      : [
          '--heap-prof',
          `--heap-prof-dir=${dir}`,
          `--heap-prof-name=${profileName}`,
          `--heap-prof-interval=${HEAP_INTERVAL_BYTES}`,
        ]
  log(`profiling ${workload.name} (${options.kind}): ${workload.description}`)
  await runChild([...flags, fileURLToPath(import.meta.url), '--child', workload.name], log)
  const profileFile = join(dir, profileName)
  const raw = JSON.parse(await readFile(profileFile, 'utf8')) as unknown
  const tree =
    options.kind === 'cpu' ? cpuProfileTree(raw as CpuProfile) : heapProfileTree(raw as HeapProfile)
  const htmlFile = join(dir, 'flame-graph.html')
  await writeFile(
    htmlFile,
    flameGraphHtml({
      title: `${workload.name}: ${options.kind === 'cpu' ? 'CPU time' : 'sampled allocations'}`,
      tree,
      notes: [
        workload.description,
        `node ${process.version} ${process.platform}/${process.arch}; ${options.kind === 'cpu' ? `sampled every ${CPU_INTERVAL_US} µs` : `sampled every ${HEAP_INTERVAL_BYTES / 1024} KiB allocated`}; raw profile: ${profileName}`,
      ],
    }),
  )
  return { dir, profileFile, htmlFile, tree, top: topFrames(tree, 10) }
}

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name)
  if (i < 0) return undefined
  const value = args[i + 1]
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} wants a value\n${USAGE}`)
  return value
}

async function main(args: readonly string[]): Promise<void> {
  const log = (line: string): void => {
    process.stderr.write(`${line}\n`)
  }
  if (args[0] === '--child') {
    const workload = findWorkload(args[1] ?? '')
    if (workload === undefined) throw new Error(`no workload named ${String(args[1])}`)
    log(await workload.run(log))
    return
  }
  if (args.includes('--help')) {
    process.stdout.write(`${USAGE}\n${WORKLOADS.map((w) => `  ${w.name}: ${w.description}`).join('\n')}\n`)
    return
  }
  const workload = option(args, '--workload')
  if (workload === undefined) throw new Error(`--workload is required\n${USAGE}`)
  const kind = option(args, '--kind') ?? 'cpu'
  if (kind !== 'cpu' && kind !== 'mem')
    throw new Error(`--kind must be cpu or mem, was ${JSON.stringify(kind)}`)
  const outcome = await profileWorkload({
    workload,
    kind,
    out: option(args, '--out') ?? 'reports/profiles',
    log,
  })
  const { unit, root } = outcome.tree
  const lines = [
    `profile:     ${outcome.profileFile}`,
    `flame graph: ${outcome.htmlFile}`,
    `total ${unit === 'bytes' ? 'sampled bytes' : 'time'}: ${formatAmount(root.total, unit)}`,
    '',
    `top ${outcome.top.length} by self ${unit === 'bytes' ? 'bytes' : 'time'}:`,
    ...outcome.top.map(
      (f, i) =>
        `${String(i + 1).padStart(3)}. ${formatAmount(f.self, unit).padStart(10)} self ${formatAmount(f.total, unit).padStart(10)} total  ${f.name}${f.location === '' ? '' : `  ${f.location}`}`,
    ),
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  })
}
