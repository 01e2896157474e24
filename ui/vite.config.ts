import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { viteSingleFile } from "vite-plugin-singlefile";

// The app loads the built files from disk (tauri.conf.json `frontendDist`),
// so there is no dev server to configure here. The texts are read from
// crates/core/messages (shared with Rust), outside this folder. Script and
// styles are inlined into index.html: one request before the page can run
// (docs/architecture.md, "Start-up").
export default defineConfig(({ mode }) => ({
  plugins: [svelte(), viteSingleFile({ removeViteModuleLoader: true })],
  clearScreen: false,
  build: {
    target: "safari15",
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
  },
  // Component tests mount Svelte's browser build into jsdom.
  resolve: mode === "test" ? { conditions: ["browser"] } : undefined,
  test: {
    include: ["src/**/*.test.ts"],
    environment: "jsdom",
    setupFiles: ["src/test/setup.ts"],
    // styles.test.ts reads the stylesheet as text.
    css: { include: [/styles\.css/] },
  },
}));
