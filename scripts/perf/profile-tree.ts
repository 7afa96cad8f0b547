/**
 * Call trees from V8's two profile formats, in one shape for the flame graph and the top-N table.
 *
 * A `.cpuprofile` (written by `node --cpu-prof`) is a flat list of nodes linked by child ids, a
 * list of sampled node ids and the microseconds between samples. A sample's weight is the time
 * until the next sample (the last one runs to `endTime`), so the root's total is the profile's
 * wall time. A `.heapprofile` (`node --heap-prof`) is already a tree: each node carries the bytes
 * sampled as allocated by that frame itself.
 *
 * Invariant, for both: a node's `total` is its `self` plus its children's totals, so a flame
 * graph's widths add up exactly.
 */

export type ProfileUnit = 'microseconds' | 'bytes'

export interface FlameNode {
  /** Function name, or V8's pseudo-frames: `(root)`, `(program)`, `(garbage collector)`, `(idle)`. */
  readonly name: string
  /** `file:line` (1-based), or empty for native and pseudo-frames. */
  readonly location: string
  /** Time or bytes spent in this frame itself. */
  readonly self: number
  /** `self` plus the children's totals. */
  readonly total: number
  readonly children: readonly FlameNode[]
}

export interface FlameTree {
  readonly unit: ProfileUnit
  readonly root: FlameNode
}

interface CallFrame {
  readonly functionName: string
  readonly url: string
  /** 0-based; -1 when unknown. */
  readonly lineNumber: number
}

export interface CpuProfile {
  readonly nodes: readonly { id: number; callFrame: CallFrame; children?: readonly number[] }[]
  readonly startTime: number
  readonly endTime: number
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

export interface HeapProfileNode {
  readonly callFrame: CallFrame
  readonly selfSize: number
  readonly children: readonly HeapProfileNode[]
}

export interface HeapProfile {
  readonly head: HeapProfileNode
}

function frameName(frame: CallFrame): string {
  return frame.functionName === '' ? '(anonymous)' : frame.functionName
}

function frameLocation(frame: CallFrame): string {
  if (frame.url === '') return ''
  // Profiles name files by URL; a path relative to the working directory reads better.
  const path = frame.url.startsWith('file://')
    ? decodeURIComponent(frame.url.slice('file://'.length))
    : frame.url
  const cwd = `${process.cwd()}/`
  const short = path.startsWith(cwd) ? path.slice(cwd.length) : path
  return frame.lineNumber >= 0 ? `${short}:${frame.lineNumber + 1}` : short
}

/** The call tree of a `.cpuprofile`, in microseconds. */
export function cpuProfileTree(profile: CpuProfile): FlameTree {
  if (profile.samples.length !== profile.timeDeltas.length)
    throw new RangeError(
      `profile.samples and profile.timeDeltas must have the same length, were ${profile.samples.length} and ${profile.timeDeltas.length}`,
    )
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const selfTime = new Map<number, number>()
  let at = profile.startTime
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i]!
    const next = i + 1 < profile.samples.length ? at + profile.timeDeltas[i + 1]! : profile.endTime
    const id = profile.samples[i]!
    if (!byId.has(id))
      throw new RangeError(`profile.samples[${i}] names node ${id}, which is not in profile.nodes`)
    selfTime.set(id, (selfTime.get(id) ?? 0) + Math.max(0, next - at))
  }
  const childIds = new Set(profile.nodes.flatMap((n) => n.children ?? []))
  const roots = profile.nodes.filter((n) => !childIds.has(n.id))
  if (roots.length !== 1)
    throw new RangeError(`profile.nodes must form one tree, found ${roots.length} roots`)
  const build = (id: number): FlameNode => {
    const node = byId.get(id)
    if (node === undefined) throw new RangeError(`profile.nodes names child ${id}, which is not a node`)
    const children = (node.children ?? []).map(build)
    const self = selfTime.get(id) ?? 0
    return {
      name: frameName(node.callFrame),
      location: frameLocation(node.callFrame),
      self,
      total: self + children.reduce((sum, c) => sum + c.total, 0),
      children,
    }
  }
  return { unit: 'microseconds', root: build(roots[0]!.id) }
}

/** The allocation tree of a `.heapprofile`, in sampled bytes. */
export function heapProfileTree(profile: HeapProfile): FlameTree {
  const build = (node: HeapProfileNode): FlameNode => {
    const children = node.children.map(build)
    return {
      name: frameName(node.callFrame),
      location: frameLocation(node.callFrame),
      self: node.selfSize,
      total: node.selfSize + children.reduce((sum, c) => sum + c.total, 0),
      children,
    }
  }
  return { unit: 'bytes', root: build(profile.head) }
}

export interface FrameSummary {
  readonly name: string
  readonly location: string
  /** Summed over every call path through this function. */
  readonly self: number
  /** Time or bytes with this function on the stack, counted once per stack even when it recurses. */
  readonly total: number
}

/** Functions by self time or bytes, largest first; the first `limit` of them. */
export function topFrames(tree: FlameTree, limit: number): FrameSummary[] {
  const frames = new Map<string, { name: string; location: string; self: number; total: number }>()
  const onStack = new Map<string, number>()
  const visit = (node: FlameNode): void => {
    const key = `${node.name}\u0000${node.location}`
    let frame = frames.get(key)
    if (frame === undefined) {
      frame = { name: node.name, location: node.location, self: 0, total: 0 }
      frames.set(key, frame)
    }
    frame.self += node.self
    const depth = onStack.get(key) ?? 0
    if (depth === 0) frame.total += node.total
    onStack.set(key, depth + 1)
    for (const child of node.children) visit(child)
    onStack.set(key, depth)
  }
  visit(tree.root)
  return [...frames.values()]
    .filter((f) => f.name !== '(root)')
    .sort((a, b) => b.self - a.self || b.total - a.total)
    .slice(0, limit)
}

/** `12.3 ms` or `4.5 MiB`: a figure of the tree's unit for people. */
export function formatAmount(amount: number, unit: ProfileUnit): string {
  if (unit === 'microseconds')
    return amount >= 1e6 ? `${(amount / 1e6).toFixed(2)} s` : `${(amount / 1e3).toFixed(1)} ms`
  if (amount >= 2 ** 20) return `${(amount / 2 ** 20).toFixed(1)} MiB`
  return `${(amount / 2 ** 10).toFixed(1)} KiB`
}
