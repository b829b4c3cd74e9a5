// Vite build of the public portal's page (served by minyi-server from portal-ui/dist: index.html
// for every client route, the rest under /assets/). The portal's CSP allows only this origin —
// no inline script, no data: or external fonts — so Vant's icon font, which Vant ships as a
// data: URL with a fallback on a CDN, is taken out of its CSS and bundled as a file of its own
// (see `vantIconFont`). Also the Vitest set-up (happy-dom).
/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from "vite";
import vue from "@vitejs/plugin-vue";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Where the extracted font is written (inside the project root, so Vite bundles it). */
const fontDir = fileURLToPath(new URL("./node_modules/.vant-icon-font/", import.meta.url));

/**
 * Rewrites the `@font-face` of Vant's icon CSS: the woff2 it carries inline becomes
 * node_modules/.vant-icon-font/vant-icon.woff2, which Vite then emits as a hashed asset, and
 * the CDN fallback is dropped. The build fails if Vant changes the rule, rather than shipping
 * a page whose icons the CSP blocks.
 */
function vantIconFont(): Plugin {
  return {
    name: "minyi-vant-icon-font",
    enforce: "pre",
    transform(code, id) {
      if (!/[\\/]vant[\\/](es|lib)[\\/]icon[\\/]index\.css$/.test(id)) return null;
      const face = /@font-face\{[^}]*font-family:vant-icon;[^}]*\}/.exec(code);
      const data = face && /url\(data:font\/woff2;[^,]*base64,([A-Za-z0-9+/=]+)\)/.exec(face[0]);
      if (!face || !data) this.error("Vant's icon @font-face has changed: update vantIconFont in vite.config.ts");
      mkdirSync(fontDir, { recursive: true });
      writeFileSync(fontDir + "vant-icon.woff2", Buffer.from(data[1], "base64"));
      const local =
        '@font-face{font-weight:400;font-family:vant-icon;font-style:normal;font-display:block;' +
        'src:url(/node_modules/.vant-icon-font/vant-icon.woff2) format("woff2")}';
      return { code: code.replace(face[0], local), map: null };
    },
  };
}

export default defineConfig({
  plugins: [vantIconFont(), vue()],
  // Absolute: the server answers index.html for deep routes such as /mine.
  base: "/",
  clearScreen: false,
  // `npm run dev` against a running portal: MINYI_PORTAL_URL=http://127.0.0.1:PORT (a portal
  // started with --portal-behind-proxy) answers the API, captcha images and report pages.
  server: process.env.MINYI_PORTAL_URL
    ? {
        proxy: Object.fromEntries(
          ["/public-api", "/captcha", "/disclosure/"].map((path) => [
            path,
            { target: process.env.MINYI_PORTAL_URL, changeOrigin: false },
          ]),
        ),
      }
    : undefined,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Older phones' browsers (Android WebView 80+, iOS 13+) are common among the elderly.
    target: ["es2020", "chrome80", "safari13"],
    // Nothing inline as data: beyond images (the CSP's font-src is 'self' only).
    assetsInlineLimit: (file) => (/\.(woff2?|ttf|otf)$/.test(file) ? false : undefined),
  },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.ts"],
    // Vant's per-component style entries import CSS, which only Vite's pipeline can load.
    server: { deps: { inline: ["vant"] } },
  },
});
