// Dates and numbers as the office's letters write them.

/** 2026-12-06 → 2026年12月6日 (the receipt's and the status cards' dates). */
export function cnDate(iso: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? "");
  if (!m) return iso ?? "";
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** 13812345678 → 138****5678: a number on screen, in case someone looks over the shoulder. */
export function maskPhone(phone: string): string {
  if (phone.includes("*") || phone.length < 7) return phone;
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
