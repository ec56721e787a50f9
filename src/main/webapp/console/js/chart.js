// The daily activity chart, drawn by Chart.js (its WebJar's UMD build sets window.Chart).

export function activityChart(canvas, days) {
  if (!window.Chart) return null; // the per-day table below the chart still has the numbers
  const style = getComputedStyle(document.documentElement);
  return new window.Chart(canvas, {
    data: {
      labels: days.map((d) => d.date.slice(5)),
      datasets: [
        {type: 'bar', label: 'Invocations', data: days.map((d) => d.invocations), yAxisID: 'count',
          backgroundColor: style.getPropertyValue('--accent').trim() || '#2f6f9f'},
        {type: 'line', label: 'Cost (USD)', data: days.map((d) => Number(d.cost_usd)), yAxisID: 'cost',
          borderColor: style.getPropertyValue('--warn').trim() || '#b5651d', tension: 0.2},
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: {
        count: {type: 'linear', position: 'left', beginAtZero: true, ticks: {precision: 0}},
        cost: {type: 'linear', position: 'right', beginAtZero: true, grid: {drawOnChartArea: false}},
      },
    },
  });
}
