// Reads the native (X11) window titles on a display, to check what the window manager would
// show — not only document.title. Returns null when the X tools are missing.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The _NET_WM_NAME of every top-level window with one, decoded from UTF-8. */
export async function nativeWindowTitles(display) {
  let tree;
  try {
    ({ stdout: tree } = await run("xwininfo", ["-display", display, "-root", "-children"]));
  } catch {
    return null;
  }
  const ids = [...tree.matchAll(/^\s+(0x[0-9a-f]+)/gm)].map((m) => m[1]);
  const titles = [];
  for (const id of ids) {
    try {
      const { stdout } = await run("xprop", ["-display", display, "-id", id, "_NET_WM_NAME"]);
      const m = stdout.match(/=\s*"(.*)"\s*$/m);
      if (m) titles.push(decodeXprop(m[1]));
    } catch {
      /* window gone */
    }
  }
  return titles;
}

/** xprop prints UTF8_STRING as-is in a UTF-8 locale, and escapes bytes as \ooo otherwise. */
function decodeXprop(s) {
  if (!/\\[0-7]{3}/.test(s)) return s.replace(/\\"/g, '"');
  const bytes = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\\" && /^[0-7]{3}$/.test(s.slice(i + 1, i + 4))) {
      bytes.push(parseInt(s.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(...Buffer.from(s[i]));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}
