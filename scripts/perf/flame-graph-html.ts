/**
 * A flame graph as one offline HTML page: the call tree is embedded as JSON and drawn by a few
 * lines of inline script into absolutely positioned boxes (no CDN, no library), so the file opens
 * from disk anywhere and can be attached to an issue.
 *
 * Drawn top-down (the root on top, callees below). Every box has a hover title with its self and
 * total figures; a click zooms to that frame (its ancestors stay above at full width, click one
 * to zoom back out). Colours say where the code lives: ours (`src/`, `bench/`, `scripts/`) warm,
 * dependencies green, Node's internals and native frames grey. Below the graph, a table of the
 * functions with the most self time or bytes.
 *
 * Frames with no time or bytes at all are left out of the page; they cannot be drawn anyway.
 */
import { type FlameNode, type FlameTree, formatAmount, topFrames } from './profile-tree.ts'

/** Compact form for the page: name, location, self, total, children. */
type PackedNode = [string, string, number, number, PackedNode[]]

function pack(node: FlameNode): PackedNode {
  return [node.name, node.location, node.self, node.total, node.children.filter((c) => c.total > 0).map(pack)]
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

export interface FlameGraphPage {
  readonly title: string
  readonly tree: FlameTree
  /** Lines under the title: command, workload, machine. */
  readonly notes?: readonly string[]
  /** Rows of the self-time table (default 30). */
  readonly topCount?: number
}

export function flameGraphHtml(page: FlameGraphPage): string {
  const { tree } = page
  const unitLabel = tree.unit === 'microseconds' ? 'time' : 'bytes'
  const rows = topFrames(tree, page.topCount ?? 30)
  const share = (x: number): string =>
    tree.root.total > 0 ? `${((100 * x) / tree.root.total).toFixed(1)}%` : '–'
  const table = rows
    .map(
      (f, i) =>
        `<tr><td>${i + 1}</td><td>${escapeHtml(f.name)}</td><td>${escapeHtml(f.location)}</td><td>${formatAmount(f.self, tree.unit)}</td><td>${share(f.self)}</td><td>${formatAmount(f.total, tree.unit)}</td><td>${share(f.total)}</td></tr>`,
    )
    .join('\n')
  // `<` escaped so no frame name can close the script element.
  const data = JSON.stringify({ unit: tree.unit, root: pack(tree.root) }).replace(/</g, '\\u003c')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(page.title)}</title>
<style>
body { font: 13px system-ui, sans-serif; margin: 16px; color: #222; }
h1 { font-size: 18px; margin: 0 0 4px; }
.notes { color: #555; margin: 0 0 12px; }
#graph { position: relative; width: 100%; overflow: hidden; border: 1px solid #ddd; }
.frame { position: absolute; height: 17px; box-sizing: border-box; border: 1px solid #fff;
  overflow: hidden; white-space: nowrap; text-overflow: ellipsis; font: 11px/15px monospace;
  padding: 0 3px; cursor: pointer; }
.frame.dim { opacity: 0.45; }
#details { min-height: 18px; margin: 6px 0; font-family: monospace; }
table { border-collapse: collapse; margin-top: 12px; }
th, td { border-bottom: 1px solid #eee; padding: 2px 8px; text-align: left; }
td:nth-child(n+4) { text-align: right; font-variant-numeric: tabular-nums; }
</style>
</head>
<body>
<h1>${escapeHtml(page.title)}</h1>
<div class="notes">${(page.notes ?? []).map(escapeHtml).join('<br>')}<br>total ${unitLabel}: ${formatAmount(tree.root.total, tree.unit)}; hover a frame for its figures, click to zoom, click an ancestor (dimmed) to zoom out.</div>
<div id="details"></div>
<div id="graph"></div>
<h2>Top ${rows.length} functions by self ${unitLabel}</h2>
<table>
<thead><tr><th>#</th><th>function</th><th>location</th><th>self</th><th>self %</th><th>total</th><th>total %</th></tr></thead>
<tbody>
${table}
</tbody>
</table>
<script id="profile-data" type="application/json">${data}</script>
<script>
(() => {
  const { unit, root } = JSON.parse(document.getElementById('profile-data').textContent)
  const graph = document.getElementById('graph')
  const details = document.getElementById('details')
  const ROW = 18
  const fmt = (x) => unit === 'microseconds'
    ? (x >= 1e6 ? (x / 1e6).toFixed(2) + ' s' : (x / 1e3).toFixed(1) + ' ms')
    : (x >= 1048576 ? (x / 1048576).toFixed(1) + ' MiB' : (x / 1024).toFixed(1) + ' KiB')
  const pct = (x) => root[3] > 0 ? (100 * x / root[3]).toFixed(1) + '%' : '-'
  const colour = (name, location) => {
    let h = 0
    for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0
    const v = h % 30
    if (location === '' || location.startsWith('node:')) return 'hsl(0, 0%, ' + (70 + v / 3) + '%)'
    if (location.includes('node_modules/')) return 'hsl(' + (90 + v) + ', 50%, 62%)'
    return 'hsl(' + (10 + v) + ', 80%, ' + (58 + v / 3) + '%)'
  }
  const parents = new Map()
  const index = (node) => { for (const c of node[4]) { parents.set(c, node); index(c) } }
  index(root)
  const describe = (n) => n[0] + (n[1] ? ' (' + n[1] + ')' : '') + ': self ' + fmt(n[2]) + ' (' + pct(n[2]) +
    '), total ' + fmt(n[3]) + ' (' + pct(n[3]) + ')'
  const box = (node, x, width, depth, dim) => {
    const el = document.createElement('div')
    el.className = dim ? 'frame dim' : 'frame'
    el.style.left = x + 'px'
    el.style.width = width + 'px'
    el.style.top = depth * ROW + 'px'
    el.style.background = colour(node[0], node[1])
    el.textContent = node[0]
    el.title = describe(node)
    el.addEventListener('mouseenter', () => { details.textContent = describe(node) })
    el.addEventListener('click', () => draw(node))
    graph.appendChild(el)
  }
  let current = root
  const draw = (focus) => {
    current = focus
    graph.textContent = ''
    const width = graph.clientWidth
    const path = []
    for (let n = parents.get(focus); n !== undefined; n = parents.get(n)) path.unshift(n)
    path.forEach((n, depth) => box(n, 0, width, depth, true))
    let deepest = path.length
    const scale = focus[3] > 0 ? width / focus[3] : 0
    const walk = (node, x, depth) => {
      const w = node[3] * scale
      if (w < 1) return
      box(node, x, w, depth, false)
      deepest = Math.max(deepest, depth + 1)
      let cx = x
      for (const c of node[4]) { walk(c, cx, depth + 1); cx += c[3] * scale }
    }
    walk(focus, 0, path.length)
    graph.style.height = deepest * ROW + 'px'
  }
  draw(root)
  window.addEventListener('resize', () => draw(current))
})()
</script>
</body>
</html>
`
}
