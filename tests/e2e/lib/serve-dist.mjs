// A tiny static server for ui/dist on the dev port (1420), for a debug app built WITHOUT the
// `tauri/custom-protocol` feature: such a build loads its pages from build.devUrl instead of the
// embedded files. Lets the scenarios run against a fresh `npm run build` without relinking Rust.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".json": "application/json",
};

/** Serves `dir` on 127.0.0.1:`port`; resolves to `{ stop() }`. */
export function serveDist(dir, port = 1420) {
  const root = path.resolve(dir);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (url.pathname === "/" || url.pathname === "") file = path.join(root, "index.html");
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () =>
      resolve({
        stop: () =>
          new Promise((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      }),
    );
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] || path.resolve(import.meta.dirname, "../../../ui/dist");
  await serveDist(dir, Number(process.argv[3] || 1420));
  console.log(`serving ${dir} on http://127.0.0.1:${process.argv[3] || 1420}`);
}
