/** The first screen of whoever is on call: is trading on, are the SLOs met, is anything stale. */
import { type Dashboard, dashboard, graph, rate, stat } from './panels.ts'

export const overview: Dashboard = dashboard({
  uid: 'tradepulse-overview',
  title: 'TradePulse / Overview',
  description:
    'Kill switch, SLIs against their objectives, order flow and market-data freshness at a glance.',
  tags: ['tradepulse'],
  panels: [
    stat(
      'Kill switch',
      '1 while the kill switch is tripped on any instance: no new orders are accepted.',
      'none',
      'max(tradepulse_kill_switch_engaged)',
      1,
    ),
    stat(
      'API availability (1h)',
      'Share of API requests answered without a 5xx over the last hour; objective 99.9 %.',
      'percentunit',
      '1 - tradepulse:slo_api_errors:ratio_rate1h',
      0.999,
      true,
    ),
    stat(
      'Orders acknowledged within 250 ms (1h)',
      'Share of orders acknowledged by the venue within 250 ms over the last hour; objective 99 %.',
      'percentunit',
      '1 - tradepulse:slo_order_ack_slow:ratio_rate1h',
      0.99,
      true,
    ),
    stat(
      'Stalest market data',
      'Age of the oldest last bar or quote across instruments; the stale alert fires past 120 s.',
      's',
      'max(time() - tradepulse_market_data_last_update_seconds)',
      120,
    ),
    rate(
      'Orders submitted',
      'Orders sent to venues per second, by venue.',
      'tradepulse_orders_submitted_total',
      'venue',
    ),
    rate(
      'Orders rejected',
      'Orders refused per second, by reason code (risk engine or venue).',
      'tradepulse_orders_rejected_total',
      'reason',
    ),
    graph(
      'Open orders and backtest queue',
      'Orders working, and backtest jobs queued and running.',
      'short',
      [
        { expr: 'sum(tradepulse_open_orders)', legendFormat: 'open orders' },
        { expr: 'sum by (state) (tradepulse_backtest_jobs)', legendFormat: 'backtests {{state}}' },
      ],
    ),
    graph(
      'Error budget burn rate (1h)',
      'How many times faster than allowed each SLO spends its budget; 14.4 pages.',
      'short',
      [
        { expr: 'tradepulse:slo_api_errors:ratio_rate1h / 0.001', legendFormat: 'API availability' },
        { expr: 'tradepulse:slo_order_ack_slow:ratio_rate1h / 0.01', legendFormat: 'order acknowledgement' },
        {
          expr: 'tradepulse:slo_market_data_stale:ratio_avg1h / 0.005',
          legendFormat: 'market-data freshness',
        },
        { expr: 'tradepulse:slo_backtest_slow:ratio_rate1h / 0.05', legendFormat: 'backtest latency' },
      ],
    ),
  ],
})
