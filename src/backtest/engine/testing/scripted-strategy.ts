/**
 * A strategy written inline in a test: the callbacks given, with no parameters. Each run gets a
 * fresh instance from `make`, so state kept in its closure starts over.
 */
import { z } from 'zod'
import type { StrategyDefinition, StrategyInstance } from '../../../strategy/types.ts'

const noParams = z.strictObject({})

export function scripted(name: string, make: () => StrategyInstance): StrategyDefinition<typeof noParams> {
  return { name, title: name, description: `test strategy ${name}`, params: noParams, create: make }
}
