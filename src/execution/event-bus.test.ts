import { describe, expect, it } from 'vitest'
import { EventBus } from './event-bus.ts'

interface Topics {
  fill: { quantity: number }
  status: string
}

describe('EventBus', () => {
  it('delivers in subscription order, synchronously', () => {
    const bus = new EventBus<Topics>()
    const seen: string[] = []
    bus.subscribe('fill', (e) => {
      seen.push(`a${e.quantity}`)
    })
    bus.subscribe('fill', (e) => {
      seen.push(`b${e.quantity}`)
    })
    bus.publish('fill', { quantity: 1 })
    bus.publish('status', 'ignored: nobody listens')
    expect(seen).toEqual(['a1', 'b1'])
  })

  it('unsubscribes', () => {
    const bus = new EventBus<Topics>()
    const seen: string[] = []
    const stop = bus.subscribe('status', (s) => {
      seen.push(s)
    })
    bus.publish('status', 'one')
    stop()
    stop()
    bus.publish('status', 'two')
    expect(seen).toEqual(['one'])
    expect(bus.subscriberCount('status')).toBe(0)
  })

  it('lets every subscriber run before a failing one is reported', () => {
    const bus = new EventBus<Topics>()
    const seen: string[] = []
    bus.subscribe('status', () => {
      throw new Error('broken subscriber')
    })
    bus.subscribe('status', (s) => {
      seen.push(s)
    })
    expect(() => {
      bus.publish('status', 'x')
    }).toThrow('broken subscriber')
    expect(seen).toEqual(['x'])
  })

  it('hands errors to onError when one is given', () => {
    const errors: string[] = []
    const bus = new EventBus<Topics>({
      onError: (e, topic) => {
        errors.push(`${topic}: ${(e as Error).message}`)
      },
    })
    bus.subscribe('fill', () => {
      throw new Error('boom')
    })
    bus.publish('fill', { quantity: 2 })
    expect(errors).toEqual(['fill: boom'])
  })

  it('keeps the subscribers of an event fixed while it is dispatched', () => {
    const bus = new EventBus<Topics>()
    const seen: string[] = []
    let stopB = (): void => undefined
    bus.subscribe('status', (s) => {
      seen.push(`a:${s}`)
      stopB()
      bus.subscribe('status', (t) => {
        seen.push(`late:${t}`)
      })
    })
    stopB = bus.subscribe('status', (s) => {
      seen.push(`b:${s}`)
    })
    bus.publish('status', 'one')
    expect(seen, 'b was unsubscribed and late subscribed during the dispatch of one').toEqual([
      'a:one',
      'b:one',
    ])
    expect(bus.subscriberCount('status')).toBe(2)
  })

  it('says whether a topic has subscribers, so a publisher can skip building an event', () => {
    const bus = new EventBus<Topics>()
    expect(bus.hasSubscribers('fill')).toBe(false)
    const stop = bus.subscribe('fill', () => undefined)
    expect(bus.hasSubscribers('fill')).toBe(true)
    expect(bus.hasSubscribers('status')).toBe(false)
    stop()
    expect(bus.hasSubscribers('fill')).toBe(false)
  })
})
