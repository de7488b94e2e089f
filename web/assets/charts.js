// Draws every <div class="chart" data-chart="{title, kind, x, series}"> with ECharts (loaded before this script).
// The pages are complete without it: every chart's numbers are in a table beside it.
(() => {
  function draw(el) {
    let spec;
    try {
      spec = JSON.parse(el.getAttribute('data-chart'));
    } catch {
      return;
    }
    const chart = window.echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 56, right: 16, top: 40, bottom: 28 },
      xAxis: { type: 'category', data: spec.x.map(String) },
      yAxis: { type: 'value' },
      series: spec.series.map((s) => ({
        name: s.name,
        type: spec.kind,
        data: s.values,
        connectNulls: false,
        symbolSize: 6,
      })),
    });
    el.setAttribute('data-drawn', '1');
    window.addEventListener('resize', () => chart.resize());
  }
  function all() {
    if (!window.echarts) return;
    for (const el of document.querySelectorAll('.chart[data-chart]')) draw(el);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', all);
  else all();
})();
