/**
 * How the order manager's journal records are written and read back. Records are plain data
 * except a fill's fee, a `bigint`, which is written as a decimal string. Reading checks the shape
 * of every record — a journal is input like any other — and names the line and field at fault.
 */
import type { JournalRecord } from './journal-record.ts'
import { type JournalCodec, type JournalLocation, journalDecodeError } from './journal/journal-codec.ts'

const RECORD_TYPES = new Set([
  'submit',
  'risk-reject',
  'cancel-request',
  'replace-request',
  'report',
  'kill-switch',
  'halt',
])
const REPORT_KINDS = new Set([
  'accepted',
  'rejected',
  'fill',
  'cancelled',
  'cancel-rejected',
  'replaced',
  'replace-rejected',
  'expired',
])

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function requireString(where: JournalLocation, value: Record<string, unknown>, field: string): void {
  if (typeof value[field] !== 'string') throw journalDecodeError(where, `${field} must be a string`, field)
}

function decodeOrder(where: JournalLocation, value: unknown): void {
  if (!isObject(value)) throw journalDecodeError(where, 'order must be an object', 'order')
  for (const field of ['orderId', 'clientOrderId', 'instrumentId', 'side', 'type', 'status', 'timeInForce']) {
    requireString(where, value, field)
  }
  for (const field of ['quantity', 'filledQuantity', 'filledNotionalTicks', 'createdAt', 'updatedAt']) {
    if (!Number.isSafeInteger(value[field]))
      throw journalDecodeError(where, `order.${field} must be an integer`, field)
  }
}

export const journalRecordCodec: JournalCodec<JournalRecord> = {
  encode(record: JournalRecord): unknown {
    if (record.type === 'report' && record.report.kind === 'fill') {
      return {
        ...record,
        report: { ...record.report, fill: { ...record.report.fill, fee: record.report.fill.fee.toString() } },
      }
    }
    return record
  },

  decode(json: unknown, where: JournalLocation): JournalRecord {
    if (!isObject(json) || typeof json.type !== 'string' || !RECORD_TYPES.has(json.type)) {
      throw journalDecodeError(where, 'not an execution journal record (unknown or missing type)', 'type')
    }
    switch (json.type) {
      case 'submit':
      case 'risk-reject':
        decodeOrder(where, json.order)
        break
      case 'cancel-request':
      case 'replace-request':
        requireString(where, json, 'orderId')
        break
      case 'report': {
        const report = json.report
        if (!isObject(report) || typeof report.kind !== 'string' || !REPORT_KINDS.has(report.kind)) {
          throw journalDecodeError(where, 'report.kind is missing or unknown', 'report.kind')
        }
        if (report.kind === 'fill') {
          const fill = report.fill
          if (!isObject(fill) || typeof fill.fee !== 'string' || !/^-?\d+$/.test(fill.fee)) {
            throw journalDecodeError(
              where,
              'fill.fee must be a whole number of minor units, as a string',
              'fee',
            )
          }
          for (const field of ['venue', 'tradeId', 'orderId', 'instrumentId', 'side', 'liquidity'])
            requireString(where, fill, field)
          return {
            type: 'report',
            report: { kind: 'fill', fill: { ...fill, fee: BigInt(fill.fee) } },
          } as JournalRecord
        }
        requireString(where, report, 'orderId')
        break
      }
      case 'kill-switch': {
        // Replay acts on these (a trip must survive a restart), so they are checked like orders.
        const entry = json.entry
        if (!isObject(entry)) throw journalDecodeError(where, 'entry must be an object', 'entry')
        if (entry.action !== 'trip' && entry.action !== 'reset')
          throw journalDecodeError(where, 'entry.action must be trip or reset', 'action')
        if (!Number.isSafeInteger(entry.time))
          throw journalDecodeError(where, 'entry.time must be an integer', 'time')
        if (typeof entry.reason !== 'string' || (entry.action === 'reset' && entry.reason.trim() === ''))
          throw journalDecodeError(where, 'entry.reason must be a string, not empty for a reset', 'reason')
        if (typeof entry.automatic !== 'boolean')
          throw journalDecodeError(where, 'entry.automatic must be a boolean', 'automatic')
        break
      }
      case 'halt': {
        const entry = json.entry
        if (!isObject(entry)) throw journalDecodeError(where, 'entry must be an object', 'entry')
        if (entry.action !== 'halt' && entry.action !== 'resume')
          throw journalDecodeError(where, 'entry.action must be halt or resume', 'action')
        requireString(where, entry, 'instrumentId')
        if (!Number.isSafeInteger(entry.time))
          throw journalDecodeError(where, 'entry.time must be an integer', 'time')
        if (typeof entry.reason !== 'string' || entry.reason.trim() === '')
          throw journalDecodeError(where, 'entry.reason must be a string, not empty', 'reason')
        break
      }
    }
    return json as unknown as JournalRecord
  },
}
