import { describe, expect, it } from 'vitest'
import { formatBytes, startProgress } from './progress.ts'
import { captureIo } from './testing/capture-io.ts'

describe('startProgress', () => {
  it('stays silent when nobody is watching', () => {
    const { io, stderr: text } = captureIo(false)
    const progress = startProgress(io, 'reading', 'bytes')
    progress.update(10, 100)
    progress.stop()
    expect(text()).toBe('')
  })

  it('draws a labelled bar with human units on a terminal', () => {
    const { io, stderr: text } = captureIo(true)
    const progress = startProgress(io, 'reading', 'bytes')
    progress.update(512 * 1024, 2 * 1024 * 1024)
    progress.stop()
    expect(text()).toContain('reading')
    expect(text()).toContain('512.0 KiB / 2.0 MiB')
    const bars = captureIo(true)
    const sim = startProgress(bars.io, 'simulating', 'bars')
    sim.update(4096, 10_000)
    sim.stop()
    expect(bars.stderr()).toContain('4,096 bars / 10,000 bars')
  })

  it('does nothing on stop when no update came', () => {
    const { io, stderr: text } = captureIo(true)
    startProgress(io, 'idle', 'bars').stop()
    expect(text()).toBe('')
  })
})

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(999)).toBe('999 B')
    expect(formatBytes(1536)).toBe('1.5 KiB')
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GiB')
  })
})
