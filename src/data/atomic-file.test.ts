import { execFileSync } from 'node:child_process'
import { createReadStream, chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { text } from 'node:stream/consumers'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { TradePulseError } from '../domain/errors.ts'
import { writeFileAtomically } from './atomic-file.ts'

const work = mkdtempSync(join(tmpdir(), 'tradepulse-atomic-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

let directories = 0
function freshDirectory(): string {
  const dir = join(work, `d${directories++}`)
  mkdirSync(dir)
  return dir
}

describe('writeFileAtomically', () => {
  it('creates a file with the content given whole or in pieces', async () => {
    const dir = freshDirectory()
    await writeFileAtomically(join(dir, 'a.txt'), 'alpha\n')
    await writeFileAtomically(join(dir, 'b.bin'), new Uint8Array([0, 1, 2, 255]))
    await writeFileAtomically(join(dir, 'c.csv'), async (sink) => {
      await sink.write('time,close\n')
      await sink.write(new TextEncoder().encode('2024-01-02,10\n'))
    })
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('alpha\n')
    expect([...readFileSync(join(dir, 'b.bin'))]).toEqual([0, 1, 2, 255])
    expect(readFileSync(join(dir, 'c.csv'), 'utf8')).toBe('time,close\n2024-01-02,10\n')
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'b.bin', 'c.csv'])
  })

  it('replaces a file and keeps its permission bits', async () => {
    const dir = freshDirectory()
    const path = join(dir, 'out.csv')
    writeFileSync(path, 'a much longer previous content\n')
    chmodSync(path, 0o640)
    await writeFileAtomically(path, 'new\n')
    expect(readFileSync(path, 'utf8')).toBe('new\n')
    expect(statSync(path).mode & 0o777).toBe(0o640)
  })

  it('writes through a symbolic link to its target and leaves the link in place', async () => {
    const dir = freshDirectory()
    writeFileSync(join(dir, 'target.csv'), 'old\n')
    symlinkSync('target.csv', join(dir, 'link.csv'))
    await writeFileAtomically(join(dir, 'link.csv'), 'new\n')
    expect(lstatSync(join(dir, 'link.csv')).isSymbolicLink()).toBe(true)
    expect(readFileSync(join(dir, 'target.csv'), 'utf8')).toBe('new\n')
    expect(readdirSync(dir).sort()).toEqual(['link.csv', 'target.csv'])
  })

  it('leaves the old file and no temporary file when the content fails halfway, and passes the failure on', async () => {
    const dir = freshDirectory()
    const path = join(dir, 'out.csv')
    writeFileSync(path, 'old\n')
    const failure = new TradePulseError('DATA_INVALID_BAR', 'bar 3 is broken')
    await expect(
      writeFileAtomically(path, async (sink) => {
        await sink.write('time,close\n2024-01-02,10\n')
        throw failure
      }),
    ).rejects.toBe(failure)
    expect(readFileSync(path, 'utf8')).toBe('old\n')
    expect(readdirSync(dir)).toEqual(['out.csv'])
  })

  it('holds either the old content or the whole new content, and nothing else is left, wherever a failure strikes', async () => {
    const dir = freshDirectory()
    const path = join(dir, 'out.txt')
    await fc.assert(
      fc.asyncProperty(
        fc.string(),
        fc.array(fc.string({ minLength: 1 }), { maxLength: 6 }),
        fc.option(fc.nat({ max: 6 })),
        async (old, pieces, failAt) => {
          writeFileSync(path, old)
          const fails = failAt !== null && failAt < pieces.length
          const attempt = writeFileAtomically(path, async (sink) => {
            for (let i = 0; i < pieces.length; i++) {
              if (i === failAt) throw new Error('producer failed')
              await sink.write(pieces[i]!)
            }
          })
          if (fails) await expect(attempt).rejects.toThrow('producer failed')
          else await attempt
          expect(readFileSync(path, 'utf8')).toBe(fails ? old : pieces.join(''))
          expect(readdirSync(dir)).toEqual(['out.txt'])
        },
      ),
      { numRuns: 40 },
    )
  })

  it('names a missing directory, a directory and a parent that is a file', async () => {
    const dir = freshDirectory()
    writeFileSync(join(dir, 'plain'), '')
    const cases: [string, string][] = [
      [join(dir, 'missing', 'out.csv'), `directory ${join(dir, 'missing')} does not exist`],
      [dir, 'it is a directory'],
      [join(dir, 'plain', 'out.csv'), 'a parent in the path is not a directory'],
    ]
    for (const [path, reason] of cases) {
      const attempt = writeFileAtomically(path, 'x')
      await expect(attempt, path).rejects.toMatchObject({ code: 'DATA_WRITE_FAILED', message: `${path}: cannot write: ${reason}` })
    }
    expect(readdirSync(dir)).toEqual(['plain'])
  })

  it('writes into a FIFO in place instead of replacing it', async () => {
    const dir = freshDirectory()
    const fifo = join(dir, 'pipe')
    execFileSync('mkfifo', [fifo])
    const received = text(createReadStream(fifo))
    await writeFileAtomically(fifo, 'through the pipe\n')
    expect(await received).toBe('through the pipe\n')
    expect(lstatSync(fifo).isFIFO()).toBe(true)
  })
})
