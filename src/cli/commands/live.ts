/**
 * `tradepulse live`: a strategy trading as it would live — on the paper venue against replayed
 * bars (`--data`) or an exchange's candles (`--market`), or on an exchange through ccxt
 * (`--venue ccxt:binance`) — journaled to `--journal DIR` and recovered from it after a crash
 * (src/live/live-session.ts). A status line on stderr; SIGINT or SIGTERM stops it cleanly, with
 * `--on-exit cancel` (working orders cancelled, on the exchange too) or `keep`, and exit 0.
 *
 * The fill model of the paper venue is the backtest's, from the same `--config` file, so a replay
 * and a backtest of the same data decide and fill the same (docs/live-trading.md, parity).
 */
import type { Exchange } from 'ccxt'
import type { Command } from 'commander'
import { Option } from 'commander'
import { resolveBacktestConfig } from '../../backtest/config.ts'
import { paperVenueOptions } from '../../backtest/engine/frictions.ts'
import { TradePulseError } from '../../domain/errors.ts'
import type { Instrument } from '../../domain/instrument.ts'
import { formatIso, parseInterval } from '../../domain/time.ts'
import { ExchangeFeed } from '../../live/exchange-feed.ts'
import { type ExitPolicy, type LiveStatus, type LiveVenue, runLiveSession } from '../../live/live-session.ts'
import { ReplayFeed } from '../../live/replay-feed.ts'
import { StreamFeed } from '../../live/stream-feed.ts'
import type { BarFeed } from '../../live/bar-feed.ts'
import { loadStrategy } from '../../strategy/load.ts'
import { CcxtVenue } from '../../venues/ccxt/ccxt-venue.ts'
import { type ExchangeSettings, createExchange } from '../../venues/ccxt/create-exchange.ts'
import { loadCredentials } from '../../venues/ccxt/credentials.ts'
import { type MarketRules, marketRules } from '../../venues/ccxt/exchange-rules.ts'
import { CcxtMarketData } from '../../venues/ccxt/market-data.ts'
import { CcxtMarketStream } from '../../venues/ccxt/market-stream.ts'
import { systemClock } from '../../venues/ccxt/system-clock.ts'
import { instrumentBars, readBacktestConfig } from '../backtest-inputs.ts'
import { readBarInputs } from '../bar-inputs.ts'
import { type CliIo, writeJson, writeLine, writeNotes, writeText } from '../io.ts'
import {
  type ReaderFlags,
  parseIntegerOption,
  parseJsonObjectOption,
  readerOptions,
  usageError,
} from '../options.ts'
import { type WideFlags, wideOption } from '../wide-input.ts'

interface LiveFlags extends ReaderFlags, WideFlags {
  readonly strategy: string
  readonly venue: string
  readonly symbols: string
  readonly params?: string
  readonly data?: string
  readonly speed?: string
  readonly market?: string
  readonly timeframe: string
  readonly pollMs: string
  readonly config?: string
  readonly journal?: string
  readonly onExit: ExitPolicy
  readonly sandbox: boolean
  readonly keyFile?: string
  readonly apiUrl?: string
  readonly stream: boolean
  readonly wsUrl?: string
  readonly quiet: boolean
  readonly json: boolean
}

/** `paper` or `ccxt:<exchange id>`, for `--venue` and `--market`. */
function parseVenue(option: string, text: string): { kind: 'paper' } | { kind: 'ccxt'; exchange: string } {
  if (text === 'paper') return { kind: 'paper' }
  const match = /^ccxt:([a-z0-9]+)$/.exec(text)
  if (match === null)
    throw usageError(
      option,
      `expected paper or ccxt:EXCHANGE (e.g. ccxt:binance), got ${JSON.stringify(text)}`,
    )
  return { kind: 'ccxt', exchange: match[1]! }
}

function parseSymbols(text: string): string[] {
  const symbols = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  if (symbols.length === 0) throw usageError('--symbols', 'name at least one symbol')
  return symbols
}

/** The status line: bars, orders, fills, positions, equity. */
export function formatLiveStatus(status: LiveStatus, instruments: readonly Instrument[]): string {
  const positions = instruments.map((i, k) => `${i.symbol} ${status.positions[k] ?? 0}`).join(', ')
  const latency = status.latencyMs === undefined ? '' : `, latency ${status.latencyMs} ms`
  return `${status.resuming ? 'resuming ' : ''}${formatIso(status.time)}  bars ${status.barsSeen}  orders ${status.orders}  fills ${status.fills}  position ${positions}  equity ${status.equity.toFixed(2)}${latency}`
}

export function registerLive(program: Command, io: CliIo): void {
  const command = program
    .command('live')
    .description(
      'Run a strategy live: on the paper venue against replayed or exchange data, or on an exchange through ccxt; journaled, recovered after a crash',
    )
    .requiredOption(
      '--strategy <name|path>',
      'a built-in strategy, a module path (./my-strategy.ts) or a pinned npm package',
    )
    .requiredOption(
      '--venue <venue>',
      'paper, or ccxt:EXCHANGE (e.g. ccxt:binance) to send orders to an exchange',
    )
    .requiredOption(
      '--symbols <list>',
      'symbols to trade, separated by commas: instruments of the --data replay (file names), or exchange symbols (BTC/USDT)',
    )
    .option('--params <json>', 'strategy parameters as a JSON object')
    .option('--data <file|dir>', 'replay these bars (paper venue), in time order')
    .option('--speed <factor>', 'pace the replay: data time per wall time (60: a minute of bars per second)')
    .option('--market <ccxt:EXCHANGE>', 'paper venue without --data: poll this exchange for candles')
    .option('--timeframe <interval>', 'candle interval polled from an exchange', '1m')
    .option('--poll-ms <ms>', 'how often an exchange is polled for candles', '1000')
    .option(
      '--config <file>',
      'backtest configuration (JSON): capital, currency, fill model, commission, slippage, liquidity, latency.ackMs',
    )
    .option('--journal <dir>', 'journal to this folder (fsynced) and recover from it after a crash')
    .addOption(
      new Option(
        '--on-exit <policy>',
        'on SIGINT, SIGTERM or the end of the data: cancel or keep working orders',
      )
        .choices(['cancel', 'keep'])
        .default('cancel'),
    )
    .option('--sandbox', "trade on the exchange's testnet", false)
    .option('--key-file <path>', 'API key file (JSON {"apiKey","secret"}, mode 0600); else the environment')
    .option('--api-url <url>', "send the exchange's REST requests to this base URL (a local fake, a proxy)")
    .option(
      '--stream',
      "candles over the exchange's WebSocket streams, polled over REST while a stream is down",
      false,
    )
    .option('--ws-url <url>', "the exchange's spot stream URL (a local fake, a proxy); with --stream")
    .option('--quiet', 'no status line', false)
    .option('--json', 'print the summary as JSON', false)
  for (const option of readerOptions()) command.addOption(option)
  command
    .addOption(wideOption())
    .addHelpText(
      'after',
      `
Examples:
  tradepulse live --strategy ma-crossover --venue paper --symbols sp500-2000 --data data/sp500-2000.csv --journal /tmp/j
  tradepulse live --strategy breakout --venue paper --symbols SIM000,SIM001 --data data/universe --speed 86400
  tradepulse live --strategy ma-crossover --venue paper --market ccxt:binance --symbols BTC/USDT --timeframe 1m
  tradepulse live --strategy ./my-strategy.ts --venue ccxt:binance --sandbox --symbols BTC/USDT --journal ~/.tradepulse/live`,
    )
    .action(async (flags: LiveFlags) => {
      const venueChoice = parseVenue('--venue', flags.venue)
      const symbols = parseSymbols(flags.symbols)
      const params = parseJsonObjectOption('--params', flags.params)
      const configInput = await readBacktestConfig(flags.config)
      const config = resolveBacktestConfig(configInput)
      if (config.latency.marketDataMs !== 0)
        throw usageError(
          '--config',
          'latency.marketDataMs must be 0 live: the strategy sees a bar when the market does',
        )
      if (config.risk.maxDailyLossFraction !== undefined || config.risk.maxDrawdownFraction !== undefined)
        throw usageError(
          '--config',
          'risk.maxDailyLossFraction and risk.maxDrawdownFraction are not applied live yet; leave them out',
        )
      if (config.borrow.annualRateBps !== 0)
        throw usageError('--config', 'borrow.annualRateBps is not charged live; leave it out')
      const speed = flags.speed === undefined ? undefined : Number(flags.speed)
      if (speed !== undefined && !(speed > 0 && Number.isFinite(speed)))
        throw usageError('--speed', `must be a number > 0, got ${JSON.stringify(flags.speed)}`)
      const pollIntervalMs = parseIntegerOption('--poll-ms', flags.pollMs, 50)
      const strategy = await loadStrategy(flags.strategy)

      let instruments: Instrument[]
      let feed: BarFeed
      let venue: LiveVenue
      let intervals
      let initialCash = config.initialCapital
      if (venueChoice.kind === 'paper') {
        if (flags.data !== undefined) {
          if (flags.market !== undefined) throw usageError('--market', 'give --data or --market, not both')
          const inputs = await readBarInputs(flags.data, flags)
          for (const input of inputs) writeNotes(io, input.notes)
          const all = instrumentBars(inputs, configInput)
          const chosen = symbols.map((symbol) => {
            const found = all.find((d) => d.instrument.symbol === symbol)
            if (found === undefined) {
              throw new TradePulseError(
                'LIVE_UNKNOWN_SYMBOL',
                `${symbol} is not in the data; it has ${all.map((d) => d.instrument.symbol).join(', ')}`,
                { file: flags.data ?? '', field: '--symbols' },
              )
            }
            return found
          })
          instruments = chosen.map((d) => d.instrument)
          intervals = chosen.map((d) => d.series.interval)
          feed = new ReplayFeed({
            series: chosen.map((d) => d.series),
            clock: systemClock,
            ...(speed === undefined ? {} : { speed }),
          })
        } else {
          if (flags.market === undefined)
            throw usageError(
              '--data',
              'the paper venue needs bars: --data FILE to replay, or --market ccxt:EXCHANGE',
            )
          const market = parseVenue('--market', flags.market)
          if (market.kind !== 'ccxt') throw usageError('--market', 'expected ccxt:EXCHANGE')
          const exchange = createExchange({
            exchange: market.exchange,
            sandbox: flags.sandbox,
            ...exchangeUrls(flags),
          })
          const markets = await exchange.loadMarkets()
          const rules = symbols.map((symbol) => {
            if (markets[symbol] === undefined)
              throw new TradePulseError('LIVE_UNKNOWN_SYMBOL', `${market.exchange} does not list ${symbol}`, {
                field: '--symbols',
              })
            return marketRules(markets, symbol, market.exchange.toUpperCase(), exchange.precisionMode ?? 4)
          })
          instruments = rules.map((r) => r.instrument)
          intervals = rules.map(() => parseInterval(flags.timeframe))
          feed = exchangeFeed(flags, exchange, rules, pollIntervalMs, () => 0, io)
        }
        venue = {
          kind: 'paper',
          options: (clock) => ({ ...paperVenueOptions(config, instruments, clock), name: 'PAPER' }),
        }
      } else {
        if (flags.data !== undefined)
          throw usageError('--data', 'a replay trades on the paper venue only (--venue paper)')
        const credentials = loadCredentials(venueChoice.exchange, {
          env: process.env,
          ...(flags.keyFile === undefined ? {} : { keyFile: flags.keyFile }),
        })
        const exchange = createExchange({
          exchange: venueChoice.exchange,
          credentials,
          sandbox: flags.sandbox,
          ...exchangeUrls(flags),
        })
        const markets = await exchange.loadMarkets()
        for (const symbol of symbols)
          if (markets[symbol] === undefined)
            throw new TradePulseError(
              'LIVE_UNKNOWN_SYMBOL',
              `${venueChoice.exchange} does not list ${symbol}`,
              {
                field: '--symbols',
              },
            )
        const ccxt = new CcxtVenue({
          exchange,
          symbols,
          name: venueChoice.exchange.toUpperCase(),
          clock: systemClock,
          unknownOrders: 'cancel',
        })
        const rules = symbols.map((symbol) =>
          marketRules(markets, symbol, venueChoice.exchange.toUpperCase(), exchange.precisionMode ?? 4),
        )
        instruments = rules.map((r) => r.instrument)
        intervals = rules.map(() => parseInterval(flags.timeframe))
        feed = exchangeFeed(flags, exchange, rules, pollIntervalMs, () => ccxt.clockSkewMs, io)
        venue = { kind: 'ccxt', venue: ccxt, wallClock: systemClock }
        // The account starts with the exchange's quote balance (kept in session.json at the first
        // start, so a restart replays the journal from the same cash).
        const quote = rules[0]!.quote
        const balance = await exchange.fetchBalance()
        const total = (balance.total as unknown as Record<string, number | undefined>)[quote]
        initialCash = total ?? 0
      }

      const controller = new AbortController()
      const stop = (): void => {
        controller.abort()
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
      const status = statusWriter(io, instruments, flags.quiet)
      let result
      try {
        result = await runLiveSession({
          strategy,
          params,
          instruments,
          intervals,
          feed,
          venue,
          ...(flags.journal === undefined ? {} : { journalDir: flags.journal }),
          initialCash,
          accountCurrency:
            venue.kind === 'ccxt' ? instruments[0]!.quoteCurrency.code : config.accountCurrency,
          ackMs: config.latency.ackMs,
          positionLimitFraction: config.risk.maxPositionFraction,
          onExit: flags.onExit,
          signal: controller.signal,
          onStatus: status.update,
          onEvent: (event) => {
            if (!flags.quiet) writeLine(io.stderr, `${formatIso(event.time)} ${event.kind}: ${event.message}`)
          },
          deterministic: venue.kind === 'paper' && flags.data !== undefined,
        })
      } finally {
        status.done()
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
      }
      const summary = {
        strategy: strategy.name,
        stoppedBy: result.stoppedBy,
        barsSeen: result.barsSeen,
        orders: result.orders.length,
        fills: result.fills.length,
        positions: Object.fromEntries(result.positions),
        cash: result.cash,
        equity: result.equity,
        recoveredRecords: result.recoveredRecords,
        cancelledAtExit: result.cancelledAtExit,
        leftWorking: result.core.manager.workingOrders().length,
      }
      if (flags.json) writeJson(io.stdout, summary)
      else {
        writeLine(
          io.stdout,
          `${strategy.name} stopped (${summary.stoppedBy}): ${summary.barsSeen} bars, ${summary.orders} orders, ${summary.fills} fills, equity ${summary.equity.toFixed(2)}`,
        )
        for (const [id, lots] of result.positions) writeLine(io.stdout, `  ${id}: ${lots}`)
        writeLine(
          io.stdout,
          `  on exit: ${summary.cancelledAtExit} cancelled, ${summary.leftWorking} left working${summary.recoveredRecords > 0 ? `; resumed from ${summary.recoveredRecords} journal records` : ''}`,
        )
      }
    })
}

/** What `createExchange` takes from --stream, --api-url and --ws-url. */
function exchangeUrls(flags: LiveFlags): Pick<ExchangeSettings, 'streaming' | 'urls' | 'wsUrls'> {
  if (flags.wsUrl !== undefined && !flags.stream) throw usageError('--ws-url', 'goes with --stream')
  const wsUrl = flags.wsUrl
  return {
    ...(flags.stream ? { streaming: true } : {}),
    ...(flags.apiUrl === undefined ? {} : { urls: urlsTo(flags.apiUrl) }),
    ...(wsUrl === undefined ? {} : { wsUrls: () => ({ spot: wsUrl, margin: wsUrl }) }),
  }
}

/** Candles from the exchange: streamed with REST as the fallback (--stream), or polled. */
function exchangeFeed(
  flags: LiveFlags,
  exchange: Exchange,
  rules: readonly MarketRules[],
  pollIntervalMs: number,
  skewMs: () => number,
  io: CliIo,
): BarFeed {
  const poller = new CcxtMarketData({ exchange, clock: systemClock, skewMs })
  if (!flags.stream)
    return new ExchangeFeed({
      marketData: poller,
      markets: rules,
      timeframe: flags.timeframe,
      pollIntervalMs,
    })
  return new StreamFeed({
    stream: new CcxtMarketStream({ exchange, clock: systemClock, skewMs }),
    poller,
    markets: rules,
    timeframe: flags.timeframe,
    pollIntervalMs,
    retryStreamMs: Math.max(5_000, 5 * pollIntervalMs),
    onSource: (symbol, source, reason) => {
      if (!flags.quiet)
        writeLine(
          io.stderr,
          `${symbol}: candles over ${source === 'rest' ? 'REST' : 'the stream'} (${reason})`,
        )
    },
  })
}

/**
 * The exchange's REST URLs with their scheme, host and port replaced by `base` and their paths
 * kept (`https://api.binance.com/api/v3` → `<base>/api/v3`): a local fake or a proxy that answers
 * the exchange's paths. Entries that are not URLs (WebSocket maps) are left out.
 */
function urlsTo(base: string): (original: Readonly<Record<string, unknown>>) => Record<string, string> {
  let origin: URL
  try {
    origin = new URL(base)
  } catch {
    throw usageError('--api-url', `not a URL: ${JSON.stringify(base)}`)
  }
  return (original) => {
    const urls: Record<string, string> = {}
    for (const [key, value] of Object.entries(original)) {
      if (typeof value !== 'string' || !URL.canParse(value)) continue
      const url = new URL(value)
      urls[key] = `${origin.origin}${url.pathname.replace(/\/$/, '')}`
    }
    return urls
  }
}

/**
 * The status line on stderr: redrawn in place on a terminal (at most every 100 ms), a line every
 * second otherwise, and the last status at the end; nothing with --quiet.
 */
function statusWriter(
  io: CliIo,
  instruments: readonly Instrument[],
  quiet: boolean,
): { update: (status: LiveStatus) => void; done: () => void } {
  let last: LiveStatus | undefined
  let writtenAt = 0
  let drawn = false
  const every = io.interactive ? 100 : 1000
  const draw = (status: LiveStatus): void => {
    const line = formatLiveStatus(status, instruments)
    if (io.interactive) {
      writeText(io.stderr, `\r\u001b[2K${line}`)
      drawn = true
    } else writeLine(io.stderr, line)
  }
  return {
    update(status) {
      last = status
      if (quiet) return
      const now = Date.now()
      if (now - writtenAt < every) return
      writtenAt = now
      draw(status)
    },
    done() {
      if (quiet || last === undefined) return
      draw(last)
      if (drawn) writeText(io.stderr, '\n')
    },
  }
}
