// Vite build for the Tauri window (WebKitGTK): relative paths, fixed dev port, routes and ECharts
// in their own chunks so start-up loads only the frame. Also the Vitest set-up (happy-dom).
/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";

export default defineConfig({
  plugins: [vue()],
  base: "./",
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    // The help page imports docs/user-guide.md (one text for the app and the repository).
    fs: { allow: [".", "../docs"] },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // WebKitGTK 2.36+ (Debian 12) runs Safari 15-level JavaScript.
    target: ["safari15", "es2021"],
    // Element Plus (imported fully) is one large but cached chunk.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: "echarts", test: /[\\/]node_modules[\\/](echarts|zrender)[\\/]/ },
            {
              name: "element-plus",
              test: /[\\/]node_modules[\\/](element-plus|@element-plus|@vueuse|@floating-ui|@ctrl|async-validator|dayjs|lodash-es|lodash-unified|memoize-one|normalize-wheel-es)[\\/]/,
            },
          ],
        },
      },
    },
  },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.ts"],
    // Element Plus's form validation (async-validator) only works in tests when inlined.
    server: { deps: { inline: ["element-plus"] } },
    // Whole pages with Element Plus render slowly in happy-dom.
    testTimeout: 20000,
  },
});
