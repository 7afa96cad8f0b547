import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { RETURNS_FILE, ReturnsLog, readReturns } from './returns-store.ts'

const work = mkdtempSync(join(tmpdir(), 'tradepulse-returns-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

describe('returns.f64', () => {
  it('reads back every record appended, by combination index', async () => {
    const path = join(work, `a-${RETURNS_FILE}`)
    const log = await ReturnsLog.open(path, 2)
    log.append(3, Float64Array.of(0.01, -0.02, 0.5))
    log.append(0, Float64Array.of())
    log.append(7, Float64Array.of(1e-300, -1))
    await log.close()
    expect(statSync(path).size, '8 bytes × (3+2 + 0+2 + 2+2)').toBe(8 * 11)
    const read = await readReturns(path)
    expect([...read.keys()]).toEqual([3, 0, 7])
    expect(Array.from(read.get(3)!)).toEqual([0.01, -0.02, 0.5])
    expect(read.get(0)).toHaveLength(0)
    expect(Array.from(read.get(7)!)).toEqual([1e-300, -1])
  })

  it('cuts a torn last record from the file, so appending carries on after the whole ones', async () => {
    const path = join(work, `b-${RETURNS_FILE}`)
    const log = await ReturnsLog.open(path)
    log.append(1, Float64Array.of(0.1, 0.2))
    await log.close()
    appendFileSync(path, Buffer.alloc(20, 7)) // an interrupted write: part of a record
    const read = await readReturns(path)
    expect([...read.keys()]).toEqual([1])
    expect(statSync(path).size).toBe(8 * 4)
    const again = await ReturnsLog.open(path)
    again.append(2, Float64Array.of(-0.3))
    await again.close()
    expect([...(await readReturns(path)).keys()]).toEqual([1, 2])
  })

  it('holds nothing when the file is missing', async () => {
    expect((await readReturns(join(work, 'none.f64'))).size).toBe(0)
  })
})
