/**
 * The script the report runs in the browser: it reads the run's chart data from the
 * `report-data` element, draws the charts with the inlined lightweight-charts, and publishes
 * `window.__report` — the chart objects and the number of points each series holds, read back
 * from the series themselves — so a browser test can check the charts hold the run's data.
 *
 * Plain ES2017 in a string: it runs as it is in the page, with no build step.
 */
export const PAGE_SCRIPT = `(function () {
  'use strict';
  var LC = window.LightweightCharts;
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var options = {
    autoSize: true,
    layout: { attributionLogo: false, background: { type: 'solid', color: '#ffffff' }, textColor: '#1f2933', fontSize: 12 },
    grid: { vertLines: { color: '#f1f3f5' }, horzLines: { color: '#f1f3f5' } },
    rightPriceScale: { borderVisible: false },
    timeScale: { borderVisible: false, timeVisible: data.intraday, secondsVisible: false, fixLeftEdge: true, fixRightEdge: true },
    crosshair: { mode: 0 }
  };
  var charts = {};
  var series = {};
  var seriesLengths = {};
  var markerCounts = {};
  function chartIn(id) {
    var chart = LC.createChart(document.getElementById(id), options);
    charts[id] = chart;
    return chart;
  }
  function add(chart, name, definition, seriesOptions, points) {
    var added = chart.addSeries(definition, seriesOptions);
    added.setData(points);
    series[name] = added;
    seriesLengths[name] = added.data().length;
    return added;
  }

  var equity = chartIn('chart-equity');
  add(equity, 'benchmark', LC.LineSeries, { color: '#9ca3af', lineWidth: 2, title: 'Buy and hold' }, data.benchmark);
  add(equity, 'equity', LC.LineSeries, { color: '#1d4ed8', lineWidth: 2, title: 'Strategy' }, data.equity);
  equity.timeScale().fitContent();

  var drawdown = chartIn('chart-drawdown');
  add(drawdown, 'drawdown', LC.BaselineSeries, {
    baseValue: { type: 'price', price: 0 },
    topLineColor: '#b91c1c', topFillColor1: 'rgba(185, 28, 28, 0.05)', topFillColor2: 'rgba(185, 28, 28, 0.05)',
    bottomLineColor: '#b91c1c', bottomFillColor1: 'rgba(185, 28, 28, 0.1)', bottomFillColor2: 'rgba(185, 28, 28, 0.35)',
    lineWidth: 1,
    priceFormat: { type: 'custom', formatter: function (value) { return value.toFixed(1) + '%'; } }
  }, data.drawdown);
  drawdown.timeScale().fitContent();

  data.instruments.forEach(function (instrument, index) {
    var chart = chartIn('chart-price-' + index);
    var name = 'close:' + instrument.instrumentId;
    var prices = add(chart, name, LC.LineSeries, { color: '#334155', lineWidth: 1, title: instrument.instrumentId }, instrument.prices);
    var markers = LC.createSeriesMarkers(prices, instrument.markers);
    markerCounts[instrument.instrumentId] = markers.markers().length;
    chart.timeScale().fitContent();
  });

  window.__report = { charts: charts, series: series, seriesLengths: seriesLengths, markerCounts: markerCounts, points: data.points, ready: true };
})();
`
