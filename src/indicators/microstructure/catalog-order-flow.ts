/** Order-flow and microstructure indicators: they read the order-flow input columns. */
import type { AnyIndicator } from '../core/definition.ts'
import { cumulativeVolumeDeltaIndicator } from './cumulative-volume-delta.ts'
import { hasbrouckImpulseIndicator } from './hasbrouck-impulse.ts'
import { kyleLambdaIndicator } from './kyle-lambda.ts'
import { orderAggressionIndicator } from './order-aggression.ts'
import { queueImbalanceIndicator } from './queue-imbalance.ts'
import { tradeImbalanceIndicator } from './trade-imbalance.ts'
import { volumeProfileIndicator } from './volume-profile.ts'

export const ORDER_FLOW_INDICATORS: readonly AnyIndicator[] = [
  cumulativeVolumeDeltaIndicator,
  tradeImbalanceIndicator,
  orderAggressionIndicator,
  queueImbalanceIndicator,
  kyleLambdaIndicator,
  hasbrouckImpulseIndicator,
  volumeProfileIndicator,
]
