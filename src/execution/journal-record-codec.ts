/**
 * How the order manager's journal records are written and read back. Records are plain data
 * except their `bigint`s — a fill's fee, the money limits of a risk-limits change — which are
 * written as decimal strings. Reading checks the shape of every record — a journal is input like
 * any other — and names the line and field at fault.
 */
import type { JournalRecord } from './journal-record.ts'
import { type JournalCodec, type JournalLocation, journalDecodeError } from './journal/journal-codec.ts'
import type { RiskLimits } from './risk/risk-limits.ts'

/** How each limit is written; `satisfies` makes the compiler catch a limit added without a rule. */
const LIMIT_KINDS = {
  maxOrderQuantity: 'count',
  maxOrderNotional: 'money',
  maxPosition: 'count',
  maxGrossExposure: 'money',
  maxNetExposure: 'money',
  priceCollar: 'collar',
  maxOrdersPerSecond: 'count',
  maxOpenOrders: 'count',
  maxDailyLoss: 'money',
  maxDrawdown: 'money',
} as const satisfies Record<keyof RiskLimits, 'count' | 'money' | 'collar'>

function encodeLimits(limits: RiskLimits): Record<string, unknown> {
  const out: Record<string, unknown> = { ...limits }
  for (const [key, kind] of Object.entries(LIMIT_KINDS)) {
    const value = out[key]
    if (kind === 'money' && typeof value === 'bigint') out[key] = value.toString()
  }
  return out
}

function decodeLimits(where: JournalLocation, value: unknown): RiskLimits {
  if (!isObject(value)) throw journalDecodeError(where, 'entry.limits must be an object', 'limits')
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) {
    const kind = (LIMIT_KINDS as Record<string, string | undefined>)[key]
    if (kind === 'money') {
      if (typeof field !== 'string' || !/^-?\d+$/.test(field))
        throw journalDecodeError(
          where,
          `limits.${key} must be a whole number of minor units, as a string`,
          key,
        )
      out[key] = BigInt(field)
    } else if (kind === 'count') {
      if (!Number.isSafeInteger(field))
        throw journalDecodeError(where, `limits.${key} must be an integer`, key)
      out[key] = field
    } else if (kind === 'collar') {
      if (
        !isObject(field) ||
        Object.entries(field).some(
          ([k, v]) => (k !== 'basisPoints' && k !== 'ticks') || typeof v !== 'number',
        )
      )
        throw journalDecodeError(where, `limits.${key} must hold numeric basisPoints and/or ticks`, key)
      out[key] = field
    } else {
      throw journalDecodeError(where, `limits.${key} is not a risk limit`, key)
    }
  }
  return out
}

const RECORD_TYPES = new Set([
  'submit',
  'risk-reject',
  'cancel-request',
  'replace-request',
  'report',
  'kill-switch',
  'halt',
  'risk-limits',
  'mark',
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
  for (const field of ['quantity', 'filledQuantity', 'createdAt', 'updatedAt']) {
    if (!Number.isSafeInteger(value[field]))
      throw journalDecodeError(where, `order.${field} must be an integer`, field)
  }
  if (typeof value.filledNotionalTicks !== 'string' || !/^\d+$/.test(value.filledNotionalTicks)) {
    throw journalDecodeError(
      where,
      'order.filledNotionalTicks must be a whole number of tick-lots, as a string',
      'filledNotionalTicks',
    )
  }
}

export const journalRecordCodec: JournalCodec<JournalRecord> = {
  encode(record: JournalRecord): unknown {
    if (record.type === 'submit' || record.type === 'risk-reject') {
      return {
        ...record,
        order: { ...record.order, filledNotionalTicks: record.order.filledNotionalTicks.toString() },
      }
    }
    if (record.type === 'risk-limits') {
      return { ...record, entry: { ...record.entry, limits: encodeLimits(record.entry.limits) } }
    }
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
      case 'risk-reject': {
        decodeOrder(where, json.order)
        const order = json.order as Record<string, unknown>
        return {
          ...json,
          order: { ...order, filledNotionalTicks: BigInt(order.filledNotionalTicks as string) },
        } as JournalRecord
      }
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
      case 'mark': {
        const mark = json.mark
        if (!isObject(mark)) throw journalDecodeError(where, 'mark must be an object', 'mark')
        requireString(where, mark, 'instrumentId')
        if (!Number.isSafeInteger(mark.price) || (mark.price as number) <= 0)
          throw journalDecodeError(where, 'mark.price must be a positive integer', 'price')
        if (!Number.isSafeInteger(mark.time))
          throw journalDecodeError(where, 'mark.time must be an integer', 'time')
        break
      }
      case 'risk-limits': {
        const entry = json.entry
        if (!isObject(entry)) throw journalDecodeError(where, 'entry must be an object', 'entry')
        if (typeof entry.scope !== 'string' || (entry.scope !== 'account' && !entry.scope.includes('.')))
          throw journalDecodeError(where, 'entry.scope must be account or an instrument id', 'scope')
        if (!Number.isSafeInteger(entry.time))
          throw journalDecodeError(where, 'entry.time must be an integer', 'time')
        if (typeof entry.reason !== 'string' || entry.reason.trim() === '')
          throw journalDecodeError(where, 'entry.reason must be a string, not empty', 'reason')
        return {
          type: 'risk-limits',
          entry: { ...entry, limits: decodeLimits(where, entry.limits) },
        } as JournalRecord
      }
    }
    return json as unknown as JournalRecord
  },
}
