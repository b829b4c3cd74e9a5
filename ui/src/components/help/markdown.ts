// A small Markdown reader for the user guide (docs/user-guide.md): turns the text into plain
// blocks (headings, paragraphs, lists, tables, notes) that Vue renders as elements. Nothing is ever
// treated as HTML — an angle bracket in the text stays an angle bracket.

/** A run of inline text: plain, **strong** or `code`. */
export type Inline = { kind: "text" | "strong" | "code"; text: string };

export type Block =
  | { kind: "heading"; level: number; id: string; text: string }
  | { kind: "paragraph"; content: Inline[] }
  | { kind: "list"; ordered: boolean; items: Inline[][] }
  | { kind: "table"; head: Inline[][]; rows: Inline[][][] }
  | { kind: "note"; content: Inline[] };

/** Splits a line into plain, **strong** and `code` runs. Unclosed markers stay plain text. */
export function parseInline(s: string): Inline[] {
  const out: Inline[] = [];
  let plain = "";
  let i = 0;
  const flush = () => {
    if (plain) out.push({ kind: "text", text: plain });
    plain = "";
  };
  while (i < s.length) {
    if (s[i] === "`") {
      const end = s.indexOf("`", i + 1);
      if (end > i) {
        flush();
        out.push({ kind: "code", text: s.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    } else if (s.startsWith("**", i)) {
      const end = s.indexOf("**", i + 2);
      if (end > i + 2) {
        flush();
        out.push({ kind: "strong", text: s.slice(i + 2, end) });
        i = end + 2;
        continue;
      }
    }
    plain += s[i];
    i += 1;
  }
  flush();
  return out;
}

const HEADING = /^(#{1,6})\s+(.*)$/;
const BULLET = /^\s*[-*]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.、]\s+(.*)$/;
const TABLE_RULE = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/;

function cells(line: string): string[] {
  const t = line.trim().replace(/^\|/, "").replace(/\|$/, "");
  return t.split("|").map((c) => c.trim());
}

/** Reads the guide into blocks; heading ids are `sec-1`, `sec-2`, … in order. */
export function parseMarkdown(src: string): Block[] {
  const lines = src.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let para: string[] = [];
  let headings = 0;
  const endPara = () => {
    if (para.length) blocks.push({ kind: "paragraph", content: parseInline(para.join("")) });
    para = [];
  };

  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const trimmed = line.trim();
    if (!trimmed) {
      endPara();
      i += 1;
      continue;
    }
    const h = HEADING.exec(trimmed);
    if (h) {
      endPara();
      headings += 1;
      blocks.push({ kind: "heading", level: h[1].length, id: `sec-${headings}`, text: h[2].trim() });
      i += 1;
      continue;
    }
    if (trimmed.startsWith(">")) {
      endPara();
      const note: string[] = [];
      while (i < lines.length && lines[i].trim().startsWith(">")) {
        note.push(lines[i].trim().replace(/^>\s?/, ""));
        i += 1;
      }
      blocks.push({ kind: "note", content: parseInline(note.join("")) });
      continue;
    }
    if (trimmed.startsWith("|") && i + 1 < lines.length && TABLE_RULE.test(lines[i + 1].trim())) {
      endPara();
      const head = cells(trimmed).map(parseInline);
      i += 2;
      const rows: Inline[][][] = [];
      while (i < lines.length && lines[i].trim().startsWith("|")) {
        rows.push(cells(lines[i]).map(parseInline));
        i += 1;
      }
      blocks.push({ kind: "table", head, rows });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      endPara();
      const ordered = !!numbered;
      const re = ordered ? NUMBERED : BULLET;
      const items: Inline[][] = [];
      while (i < lines.length) {
        const m = re.exec(lines[i]);
        if (!m) break;
        items.push(parseInline(m[1].trim()));
        i += 1;
      }
      blocks.push({ kind: "list", ordered, items });
      continue;
    }
    para.push(trimmed);
    i += 1;
  }
  endPara();
  return blocks;
}

/** The second-level headings, for the guide's table of contents. */
export function sections(blocks: Block[]): { id: string; text: string }[] {
  return blocks.flatMap((b) => (b.kind === "heading" && b.level === 2 ? [{ id: b.id, text: b.text }] : []));
}
