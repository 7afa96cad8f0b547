/** The order path: submissions, refusals, fills, cancels, latencies, positions. */
import { type Dashboard, dashboard, graph, latency, rate, stat } from './panels.ts'

export const execution: Dashboard = dashboard({
  uid: 'tradepulse-execution',
  title: 'TradePulse / Execution',
  description:
    'Orders through risk and venues to fills and positions, with the acknowledgement and fill latencies.',
  tags: ['tradepulse', 'execution'],
  panels: [
    stat(
      'Kill switch',
      '1 while the kill switch is tripped.',
      'none',
      'max(tradepulse_kill_switch_engaged)',
      1,
    ),
    stat('Open orders', 'Orders working across instances.', 'short', 'sum(tradepulse_open_orders)'),
    stat(
      'Rejected share (5m)',
      'Refused orders (kill switch excluded) over all orders asked for; the spike alert fires past 25 %.',
      'percentunit',
      'sum(rate(tradepulse_orders_rejected_total{reason!="kill-switch"}[5m])) / (sum(rate(tradepulse_orders_submitted_total[5m])) + sum(rate(tradepulse_orders_rejected_total{reason!="kill-switch"}[5m])))',
      0.25,
    ),
    stat(
      'Ack p99 (5m)',
      '99th percentile of submit → acknowledged over 5 minutes; the objective is 250 ms.',
      's',
      'histogram_quantile(0.99, sum by (le) (rate(tradepulse_order_ack_latency_seconds_bucket[5m])))',
      0.25,
    ),
    graph('Orders submitted by type', 'Orders sent to venues per second, by venue, side and type.', 'ops', [
      {
        expr: 'sum by (venue, side, type) (rate(tradepulse_orders_submitted_total[$__rate_interval]))',
        legendFormat: '{{venue}} {{side}} {{type}}',
      },
    ]),
    rate(
      'Rejections by reason',
      'Refusals per second by reason code.',
      'tradepulse_orders_rejected_total',
      'reason',
    ),
    graph('Fills and cancels', 'Fills by venue and side, and cancels by venue, per second.', 'ops', [
      {
        expr: 'sum by (venue, side) (rate(tradepulse_fills_total[$__rate_interval]))',
        legendFormat: 'fills {{venue}} {{side}}',
      },
      {
        expr: 'sum by (venue) (rate(tradepulse_orders_cancelled_total[$__rate_interval]))',
        legendFormat: 'cancels {{venue}}',
      },
    ]),
    graph('Positions', 'Signed position per instrument, in lots.', 'short', [
      { expr: 'sum by (instrument) (tradepulse_position_quantity)', legendFormat: '{{instrument}}' },
    ]),
    latency(
      'Submit → acknowledged',
      'Median and 99th percentile of the acknowledgement latency.',
      'tradepulse_order_ack_latency_seconds',
    ),
    latency(
      'Submit → first fill',
      'Median and 99th percentile of the time to the first fill.',
      'tradepulse_order_fill_latency_seconds',
    ),
    graph('Market-data age', 'Seconds since the last bar or quote, per instrument.', 's', [
      { expr: 'time() - tradepulse_market_data_last_update_seconds', legendFormat: '{{instrument}}' },
    ]),
  ],
})
