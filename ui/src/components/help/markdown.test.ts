/// <reference types="node" />
// Pins the guide reader: headings, lists, tables, inline marks, and that HTML stays text; and
// that docs/user-guide.md covers what the help page must explain.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseInline, parseMarkdown, sections } from "./markdown";

// Read from disk: the dev server's file-access rule (server.fs.allow) may not cover docs/ yet.
const here = dirname(fileURLToPath(import.meta.url));
const guide = readFileSync(resolve(here, "../../../../docs/user-guide.md"), "utf8");

describe("guide markdown", () => {
  it("reads headings, paragraphs, lists and tables", () => {
    const blocks = parseMarkdown(
      "# 标题\n\n第一段\n\n## 一节\n\n1. 登记\n2. **初审**\n\n- 甲\n- 乙 `Ctrl+S`\n\n| 按键 | 作用 |\n| --- | --- |\n| `Esc` | 关闭 |\n\n> 注意\n",
    );
    expect(blocks.map((b) => b.kind)).toEqual(["heading", "paragraph", "heading", "list", "list", "table", "note"]);
    expect(blocks[0]).toEqual({ kind: "heading", level: 1, id: "sec-1", text: "标题" });
    const ordered = blocks[3];
    expect(ordered.kind === "list" && ordered.ordered).toBe(true);
    if (ordered.kind === "list") expect(ordered.items[1]).toEqual([{ kind: "strong", text: "初审" }]);
    const table = blocks[5];
    if (table.kind !== "table") throw new Error("table expected");
    expect(table.head.map((c) => c[0].text)).toEqual(["按键", "作用"]);
    expect(table.rows[0][0]).toEqual([{ kind: "code", text: "Esc" }]);
    expect(sections(blocks)).toEqual([{ id: "sec-2", text: "一节" }]);
  });

  it("keeps angle brackets and unclosed marks as plain text", () => {
    expect(parseInline("<img src=x onerror=alert(1)> **半")).toEqual([
      { kind: "text", text: "<img src=x onerror=alert(1)> **半" },
    ]);
    expect(parseInline("按 `Enter` 搜索")).toEqual([
      { kind: "text", text: "按 " },
      { kind: "code", text: "Enter" },
      { kind: "text", text: " 搜索" },
    ]);
  });

  it("covers every topic the guide must explain", () => {
    const titles = sections(parseMarkdown(guide)).map((s) => s.text);
    expect(titles.length).toBeGreaterThanOrEqual(7);
    for (const word of ["做什么", "诉求怎么走完", "角色", "期限", "快捷键", "保密", "备份", "找谁"]) {
      expect(titles.some((t) => t.includes(word))).toBe(true);
    }
    for (const step of ["登记", "初审", "分流", "制定方案", "审核", "反馈", "跟踪", "办结"]) {
      expect(guide).toContain(step);
    }
  });
});
