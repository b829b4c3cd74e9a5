// Small shared pieces of the harness: selectors, waits, the default timeout.
export const DEFAULT_TIMEOUT = Number(process.env.MINYI_E2E_TIMEOUT_MS || 10000);

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** A sleep that does not keep the process alive (for races against teardown steps). */
export const idle = (ms) => new Promise((r) => setTimeout(r, ms).unref());

/** CSS selector of a data-testid. */
export const tid = (id) => `[data-testid="${id}"]`;

/** A data-testid (letters, digits, dashes, underscores) as CSS; anything else is CSS already. */
export const css = (idOrCss) => (/^[\w-]+$/.test(idOrCss) ? tid(idOrCss) : idOrCss);

/** XPath string literal for arbitrary text (handles both quote kinds). */
export function xpathLiteral(s) {
  if (!s.includes("'")) return `'${s}'`;
  if (!s.includes('"')) return `"${s}"`;
  return `concat('${s.split("'").join(`', "'", '`)}')`;
}
