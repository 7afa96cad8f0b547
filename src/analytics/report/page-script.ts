/**
 * The analytics page's script: it draws each chart listed in the `analytics-data` element with
 * the inlined lightweight-charts and publishes `window.__analytics = { seriesLengths, ready }`,
 * read back from the series themselves, for the browser test. Plain ES2017, no build step.
 */
export const ANALYTICS_PAGE_SCRIPT = `(function () {
  'use strict';
  var LC = window.LightweightCharts;
  var data = JSON.parse(document.getElementById('analytics-data').textContent);
  var options = {
    autoSize: true,
    layout: { attributionLogo: false, background: { type: 'solid', color: '#ffffff' }, textColor: '#1f2933', fontSize: 12 },
    grid: { vertLines: { color: '#f1f3f5' }, horzLines: { color: '#f1f3f5' } },
    rightPriceScale: { borderVisible: false },
    timeScale: { borderVisible: false, fixLeftEdge: true, fixRightEdge: true },
    crosshair: { mode: 0 }
  };
  var seriesLengths = {};
  data.charts.forEach(function (chart) {
    var drawn = LC.createChart(document.getElementById(chart.id), options);
    var series;
    if (chart.kind === 'histogram') {
      series = drawn.addSeries(LC.HistogramSeries, { color: '#1d4ed8' });
    } else if (chart.kind === 'drawdown') {
      series = drawn.addSeries(LC.BaselineSeries, {
        baseValue: { type: 'price', price: 0 },
        bottomLineColor: '#b91c1c', bottomFillColor1: 'rgba(185, 28, 28, 0.1)', bottomFillColor2: 'rgba(185, 28, 28, 0.35)',
        topLineColor: '#b91c1c', lineWidth: 1
      });
    } else {
      series = drawn.addSeries(LC.LineSeries, { color: '#1d4ed8', lineWidth: 2 });
    }
    series.setData(chart.points);
    seriesLengths[chart.id] = series.data().length;
    drawn.timeScale().fitContent();
  });
  window.__analytics = { seriesLengths: seriesLengths, ready: true };
})();`
