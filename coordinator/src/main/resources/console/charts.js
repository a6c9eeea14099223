// Charts through ECharts, served by the coordinator from its webjar (a classic script that defines echarts). It is
// loaded on the first chart, so the page's tables never wait for it.
const charts = new Map();
let library;

function loaded() {
  library ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/console/echarts.js';
    script.onload = () => resolve(window.echarts);
    script.onerror = reject;
    document.head.append(script);
  });
  return library;
}

function chart(element) {
  let instance = charts.get(element);
  if (!instance) {
    instance = window.echarts.init(element);
    charts.set(element, instance);
    window.addEventListener('resize', () => instance.resize());
  }
  return instance;
}

/** Bars per category, one series per entry of {name: values}. */
export async function bars(element, categories, series, title) {
  await loaded();
  chart(element).setOption({
    aria: { enabled: true, decal: { show: true } },
    title: { text: title, textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis' },
    legend: { top: 22 },
    grid: { top: 60, left: 50, right: 10, bottom: 30 },
    xAxis: { type: 'category', data: categories },
    yAxis: { type: 'value' },
    series: Object.entries(series).map(([name, data]) => ({ name, type: 'bar', data }))
  });
}

/** Lines over time: points are [time, value] per series name; whole numbers only unless told otherwise. */
export async function lines(element, series, title, whole = true) {
  await loaded();
  chart(element).setOption({
    aria: { enabled: true },
    title: { text: title, textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis' },
    legend: { top: 22 },
    grid: { top: 60, left: 50, right: 10, bottom: 30 },
    xAxis: { type: 'time' },
    yAxis: whole ? { type: 'value', minInterval: 1 } : { type: 'value' },
    series: Object.entries(series).map(([name, data]) => ({ name, type: 'line', showSymbol: false, data }))
  });
}
