// How dates, times and numbers look everywhere: 2026年11月27日 in text, 2026-11-27 in tables,
// 24-hour times, thousands separators, percentages with one decimal.
//
// Dates cross the boundary as YYYY-MM-DD and times as RFC 3339 with +08:00; both are read as
// written (the office's own clock), never shifted into the machine's time zone.

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})/;
const TIME_RE = /^\d{4}-\d{2}-\d{2}[T ](\d{2}):(\d{2})(?::(\d{2}))?/;

const pad = (n: number) => String(n).padStart(2, "0");

type DateLike = string | Date | null | undefined;

function parts(d: DateLike): [number, number, number] | null {
  if (d == null || d === "") return null;
  if (d instanceof Date) {
    if (Number.isNaN(d.getTime())) return null;
    return [d.getFullYear(), d.getMonth() + 1, d.getDate()];
  }
  const m = DATE_RE.exec(d);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** "2026年11月27日" (for sentences); empty for no date. */
export function formatDateText(d: DateLike): string {
  const p = parts(d);
  return p ? `${p[0]}年${p[1]}月${p[2]}日` : "";
}

/** "2026-11-27" (tables and pickers); empty for no date. */
export function formatDate(d: DateLike): string {
  const p = parts(d);
  return p ? `${p[0]}-${pad(p[1])}-${pad(p[2])}` : "";
}

/** "14:05" (24-hour). */
export function formatTime(t: DateLike): string {
  if (t == null || t === "") return "";
  if (t instanceof Date) return Number.isNaN(t.getTime()) ? "" : `${pad(t.getHours())}:${pad(t.getMinutes())}`;
  const m = TIME_RE.exec(t);
  return m ? `${m[1]}:${m[2]}` : "";
}

/** "2026-11-27 14:05" (tables). */
export function formatDateTime(t: DateLike): string {
  const d = formatDate(t);
  const h = formatTime(t);
  return h ? `${d} ${h}` : d;
}

/** "2026年11月27日 14:05" (sentences). */
export function formatDateTimeText(t: DateLike): string {
  const d = formatDateText(t);
  const h = formatTime(t);
  return h ? `${d} ${h}` : d;
}

/** "1,234,567"; decimals kept as given (up to `digits`). */
export function formatNumber(n: number | null | undefined, digits = 0): string {
  if (n == null || !Number.isFinite(n)) return "—";
  const fixed = Math.abs(n).toFixed(digits);
  const [int, frac] = fixed.split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (n < 0 && Number(fixed) !== 0 ? "-" : "") + grouped + (frac ? `.${frac}` : "");
}

/** A ratio as a percentage with one decimal: 0.1234 → "12.3%". */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio == null || !Number.isFinite(ratio)) return "—";
  return `${formatNumber(ratio * 100, 1)}%`;
}

/** part of total as a percentage; "—" when the total is zero. */
export function formatShare(part: number, total: number): string {
  return total ? formatPercent(part / total) : "—";
}

/** A file size: "532 KB", "2.4 MB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${formatNumber(n / 1024)} KB`;
  return `${formatNumber(n / 1024 / 1024, 1)} MB`;
}

/** The local calendar date of `d` as YYYY-MM-DD (for pickers and filters). */
export function toIsoDate(d: Date = new Date()): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** An instant as RFC 3339 in China Standard Time: "2026-11-20T09:30:00+08:00". */
export function toRfc3339Cst(d: Date = new Date()): string {
  const cst = new Date(d.getTime() + 8 * 3600 * 1000);
  const date = `${cst.getUTCFullYear()}-${pad(cst.getUTCMonth() + 1)}-${pad(cst.getUTCDate())}`;
  const time = `${pad(cst.getUTCHours())}:${pad(cst.getUTCMinutes())}:${pad(cst.getUTCSeconds())}`;
  return `${date}T${time}+08:00`;
}
