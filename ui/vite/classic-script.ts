import type { Plugin } from "vite";

/// Turns the inlined bundle (vite-plugin-singlefile) into a classic script
/// at the end of <body>, run as soon as the parser reaches it. An inline
/// module script waits for the end of parsing and goes through the module
/// loader first: the page painted 11 ms later that way (release app, 15
/// starts each; docs/architecture.md, "Start-up"). The bundle is an IIFE
/// (`build.rollupOptions.output.format`), so it needs no module scope.
/// Listed after `viteSingleFile()` (both `enforce: "post"`), whose
/// `generateBundle` then runs first.
export function classicScript(): Plugin {
  return {
    name: "fortnox-connect:classic-script",
    apply: "build",
    enforce: "post",
    generateBundle: {
      order: "post",
      handler(_options, bundle) {
        const page = bundle["index.html"];
        if (page?.type !== "asset" || typeof page.source !== "string") {
          this.error("no index.html in the bundle");
        }
        const html = page.source;
        const inlined = /<script type="module"[^>]*>([\s\S]*)<\/script>\s*/.exec(html);
        if (!inlined || !inlined[1] || html.indexOf("<script", inlined.index + 1) !== -1) {
          this.error("index.html: expected exactly one inlined module script");
        }
        const script = inlined[1];
        // Functions as replacements: the bundle holds `$&` and the like.
        const rest = html.replace(inlined[0], () => "");
        if (!rest.includes("</body>")) this.error("index.html: no </body>");
        page.source = rest.replace("</body>", () => `<script>${script}</script>\n</body>`);
      },
    },
  };
}
