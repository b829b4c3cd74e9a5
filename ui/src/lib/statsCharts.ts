// The dashboard's chart options, built from the statistics alone (no ECharts import here), so
// that what each chart shows is tested without a canvas: categories as a pie, channels and
// departments as columns/bars, the trend as two lines (this period and the one before).
import type { CountRow } from "../bindings/CountRow";
import type { Statistics } from "../bindings/Statistics";

/** Office-friendly palette (blue first, as the rest of the frame). */
const COLORS = ["#409eff", "#67c23a", "#e6a23c", "#f56c6c", "#909399", "#73c0de", "#9a60b4", "#3ba272"];

const tooltip = { trigger: "item" as const };

/** Share of each category among the period's appeals. */
export function categoryPie(s: Statistics) {
  return {
    color: COLORS,
    tooltip: { ...tooltip, formatter: "{b}：{c} 件（{d}%）" },
    legend: { bottom: 0 },
    series: [
      {
        type: "pie",
        name: "分类",
        radius: ["35%", "65%"],
        center: ["50%", "45%"],
        label: { formatter: "{b}\n{c} 件" },
        data: nonZero(s.byCategory).map((r) => ({ name: r.label, value: r.count })),
      },
    ],
  };
}

/** Appeals received through each channel (columns, every channel shown even at zero). */
export function channelColumns(s: Statistics) {
  return columns(s.byChannel, "件数");
}

/** The departments with the most appeals, largest on top (horizontal bars, at most `top`). */
export function departmentBars(s: Statistics, top = 12) {
  const rows = [...s.byDepartment].sort((a, b) => b.count - a.count).slice(0, top).reverse();
  return {
    color: COLORS,
    tooltip: { trigger: "axis" as const, axisPointer: { type: "shadow" as const } },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: rows.map((r) => r.label) },
    series: [{ type: "bar", name: "件数", data: rows.map((r) => r.count), label: { show: true, position: "right" } }],
  };
}

/** This period's buckets against the same buckets of the period before. */
export function trendLines(s: Statistics) {
  return {
    color: COLORS,
    tooltip: { trigger: "axis" as const },
    legend: { bottom: 0, data: ["本期", "上期"] },
    grid: { left: 8, right: 16, top: 16, bottom: 36, containLabel: true },
    xAxis: { type: "category", data: s.trend.map((p) => p.label), boundaryGap: false },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { type: "line", name: "本期", data: s.trend.map((p) => p.count) },
      {
        type: "line",
        name: "上期",
        lineStyle: { type: "dashed" },
        data: s.trend.map((p) => p.previousCount),
      },
    ],
  };
}

function columns(rows: CountRow[], name: string) {
  return {
    color: COLORS,
    tooltip: { trigger: "axis" as const, axisPointer: { type: "shadow" as const } },
    grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: rows.map((r) => r.label), axisLabel: { interval: 0 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", name, barMaxWidth: 36, data: rows.map((r) => r.count), label: { show: true, position: "top" } }],
  };
}

function nonZero(rows: CountRow[]): CountRow[] {
  return rows.filter((r) => r.count > 0);
}

/** "+12.5%" / "-3.0%" / "持平" against the previous figure; "—" when there was none before. */
export function change(now: number, before: number): string {
  if (!before) return "—";
  const d = (now - before) / before;
  if (Math.abs(d) < 0.0005) return "持平";
  return `${d > 0 ? "+" : "-"}${Math.abs(d * 100).toFixed(1)}%`;
}

/** The most mentioned topics as horizontal bars, most mentioned on top. */
export function topicBars(topics: { word: string; appeals: number }[], top = 15) {
  const rows = topics.slice(0, top).reverse();
  return {
    color: COLORS,
    tooltip: { trigger: "axis" as const, axisPointer: { type: "shadow" as const } },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: rows.map((r) => r.word) },
    series: [{ type: "bar", name: "诉求件数", data: rows.map((r) => r.appeals), label: { show: true, position: "right" } }],
  };
}
