import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { profileWorkload } from './profile.ts'

describe('profileWorkload', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  it('profiles a real workload in a child process and writes the profile and its flame graph', async () => {
    const out = await mkdtemp(join(tmpdir(), 'tradepulse-profile-'))
    dirs.push(out)
    const outcome = await profileWorkload({ workload: 'indicators', kind: 'cpu', out, stamp: 'test' })
    expect(outcome.dir).toBe(join(out, 'indicators-cpu-test'))
    const raw = JSON.parse(await readFile(outcome.profileFile, 'utf8')) as { samples: number[] }
    expect(raw.samples.length, 'samples every 100 µs over the run').toBeGreaterThan(100)
    expect(outcome.tree.root.total).toBeGreaterThan(0)
    const names = outcome.top.map((f) => f.name)
    expect(names.length).toBe(10)
    // The batch kernels are where the workload's time goes; at least one of them is on the list.
    expect(
      names.some((n) => /Kernel$|windowSums|benchBars/.test(n)),
      names.join(', '),
    ).toBe(true)
    const html = await readFile(outcome.htmlFile, 'utf8')
    for (const frame of outcome.top) expect(html, frame.name).toContain(frame.name.replaceAll('<', '\\u003c'))
  })

  it('refuses an unknown workload, naming the flag', async () => {
    await expect(profileWorkload({ workload: 'nope', kind: 'cpu', out: tmpdir() })).rejects.toThrow(
      /--workload: no workload named "nope"/,
    )
  })
})
