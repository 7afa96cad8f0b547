import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestService, openTestService } from './testing/test-service.ts'

/**
 * The read-only research API over sweep folders: a real sweep written by `tradepulse sweep` into
 * the service's data dir, listed and read back with its ranking and overfitting statistics.
 */
const BIN = new URL('../cli/bin.ts', import.meta.url).pathname
const SP500 = new URL('../../data/sp500-2000.csv', import.meta.url).pathname
let service: TestService
let folder: string

beforeAll(async () => {
  service = await openTestService()
  const out = join(service.dir, 'sweeps')
  execFileSync(
    process.execPath,
    [
      BIN,
      'sweep',
      '--strategy',
      'ma-crossover',
      '--data',
      SP500,
      '--param',
      'fast=5:10:5',
      '--param',
      'slow=30:40:10',
      '--param',
      'average=sma',
      '--out',
      out,
      '--json',
    ],
    { encoding: 'utf8' },
  )
  folder = join(
    out,
    readdirSync(out).find((n) => n.startsWith('sweep-'))!,
  )
  // A folder a sweep left half written: no ranking yet.
  mkdirSync(join(out, 'sweep-0000000000000000'))
  writeFileSync(
    join(out, 'sweep-0000000000000000', 'sweep.json'),
    '{"sweepId":"0000000000000000","strategy":"x"}',
  )
}, 120_000)
afterAll(async () => {
  await service.dispose()
})

describe('GET /api/v1/research/sweeps', () => {
  it('lists the complete sweeps with their best value and verdict, skipping a half-written one', async () => {
    const response = await service.server.app.inject({
      url: '/api/v1/research/sweeps',
      headers: await service.auth('read'),
    })
    expect(response.statusCode).toBe(200)
    const ranking = JSON.parse(readFileSync(join(folder, 'ranking.json'), 'utf8')) as {
      sweepId: string
      ranking: { value: number }[]
    }
    const overfitting = JSON.parse(readFileSync(join(folder, 'overfitting.json'), 'utf8')) as {
      verdict: string
    }
    expect(response.json()).toEqual({
      items: [
        expect.objectContaining({
          id: ranking.sweepId,
          strategy: 'ma-crossover',
          combinations: 4,
          evaluated: 4,
          failed: 0,
          metric: 'sharpe',
          direction: 'max',
          best: ranking.ranking[0]!.value,
          verdict: overfitting.verdict,
        }),
      ],
    })
  })
})

describe('GET /api/v1/research/sweeps/{id}', () => {
  it('returns every ranked combination and the deflated Sharpe ratio and PBO as written', async () => {
    const id = folder.split('sweep-').pop()!
    const response = await service.server.app.inject({
      url: `/api/v1/research/sweeps/${id}`,
      headers: await service.auth('read'),
    })
    expect(response.statusCode).toBe(200)
    const body = response.json<{
      ranking: { position: number; params: Record<string, unknown>; value: number }[]
      space: Record<string, unknown>
      overfitting: {
        trials: number
        deflatedSharpe: { deflatedSharpe: number }
        pbo: { probability: number }
      }
    }>()
    const written = JSON.parse(readFileSync(join(folder, 'overfitting.json'), 'utf8')) as {
      deflatedSharpe: { deflatedSharpe: number }
      pbo: { probability: number }
    }
    expect(body.ranking.map((r) => r.position)).toEqual([1, 2, 3, 4])
    expect(body.ranking.map((r) => `${String(r.params.fast)}/${String(r.params.slow)}`).sort()).toEqual([
      '10/30',
      '10/40',
      '5/30',
      '5/40',
    ])
    expect(Object.keys(body.space).sort()).toEqual(['average', 'fast', 'slow'])
    expect(body.overfitting.trials).toBe(4)
    expect(body.overfitting.deflatedSharpe.deflatedSharpe).toBe(written.deflatedSharpe.deflatedSharpe)
    expect(body.overfitting.pbo.probability).toBe(written.pbo.probability)
  })

  it('answers 404 for an unknown id, a malformed one and a half-written folder', async () => {
    const auth = await service.auth('read')
    for (const id of ['ffffffffffffffff', '..%2F..%2Fetc', '0000000000000000']) {
      const response = await service.server.app.inject({
        url: `/api/v1/research/sweeps/${id}`,
        headers: auth,
      })
      expect(response.statusCode, id).toBe(404)
      expect(response.json(), id).toMatchObject({ code: 'API_NOT_FOUND', field: 'id' })
    }
  })
})
