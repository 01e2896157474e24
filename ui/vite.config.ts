import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { viteSingleFile } from "vite-plugin-singlefile";
import { classicScript } from "./vite/classic-script";

// The app loads the built files from disk (tauri.conf.json `frontendDist`),
// so there is no dev server to configure here. The texts are read from
// crates/core/messages (shared with Rust), outside this folder. Script and
// styles are inlined into index.html, one request before the page can run,
// and the script runs as a classic one at the end of the body
// (docs/architecture.md, "Start-up").
export default defineConfig(({ mode }) => ({
  plugins: [svelte(), viteSingleFile(), classicScript()],
  clearScreen: false,
  build: {
    target: "safari15",
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    // One script with no module scope, and no module preload helper.
    rollupOptions: { output: { format: "iife" } },
    modulePreload: false,
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
