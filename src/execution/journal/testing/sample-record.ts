/**
 * A record type for exercising journals, with the two things JSON cannot hold on its own — a
 * `bigint` amount and a branded id — plus arbitrary JSON detail, and its codec. Shared by the
 * journal tests and the crash-test child process, which both derive the record for a sequence
 * number with `sampleRecordFor`, so the parent can check every byte the child wrote.
 */
import { orderId, type OrderId } from '../../../domain/ids.ts'
import { journalDecodeError, type JournalCodec } from '../journal-codec.ts'

export interface SampleRecord {
  readonly orderId: OrderId
  /** Minor units; any size, any sign. */
  readonly amount: bigint
  /** Any JSON value (objects, arrays, strings with any code points, finite numbers…). */
  readonly detail: unknown
}

const INTEGER = /^-?(0|[1-9][0-9]*)$/

export const sampleRecordCodec: JournalCodec<SampleRecord> = {
  encode: (record) => ({ orderId: record.orderId, amount: record.amount.toString(), detail: record.detail }),
  decode: (json, where) => {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw journalDecodeError(where, 'a sample record must be a JSON object')
    }
    const { orderId: id, amount, detail } = json as Record<string, unknown>
    if (typeof id !== 'string') throw journalDecodeError(where, 'must be a string', 'orderId')
    if (typeof amount !== 'string' || !INTEGER.test(amount)) {
      throw journalDecodeError(where, `must be an integer string, was ${JSON.stringify(amount)}`, 'amount')
    }
    if (!('detail' in json)) throw journalDecodeError(where, 'is missing', 'detail')
    return { orderId: orderId(id), amount: BigInt(amount), detail }
  },
}

/**
 * The record the crash-test child writes as number `seq`: sizes vary from a few dozen bytes to
 * tens of kilobytes (every 50th record), so writes cross page boundaries, and the text has
 * multi-byte characters so a torn write can split one.
 */
export function sampleRecordFor(seq: number): SampleRecord {
  const size = seq % 50 === 0 ? 20_000 : (seq * 37) % 300
  return {
    orderId: orderId(`O-${seq}`),
    amount: BigInt(seq) * 1_000_000_007n - 10n ** 24n,
    detail: { seq, note: 'é€😀'.repeat(seq % 5) + 'x'.repeat(size), tags: [seq % 3, seq % 7 === 0, null] },
  }
}
