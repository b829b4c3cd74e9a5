// Dates as the office's letters write them.

/** 2026-12-06 → 2026年12月6日 (the receipt's and the status cards' dates). */
export function cnDate(iso: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? "");
  if (!m) return iso ?? "";
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

