import { describe, expect, it } from "vitest";
import styles from "./styles.css?raw";

// Each size and weight a screen uses is a font WebKitGTK looks up in its
// first layout (styles.css, docs/architecture.md "Start-up"): the scale
// is the whole choice.
const sizes = ["var(--text-s)", "1rem", "var(--text-l)", "var(--text-xl)"];
const weights = ["normal", "var(--bold)"];

const declared = (property: string) =>
  [...styles.replace(/\/\*[\s\S]*?\*\//g, "").matchAll(new RegExp(`(?<![\\w-])${property}:\\s*([^;}]+)`, "g"))].map(
    (match) => match[1]!.trim(),
  );

describe("the type scale", () => {
  it("sizes text with the four sizes of the scale only", () => {
    const [root, ...rest] = declared("font-size");
    expect(root).toBe("15px");
    expect(rest.length).toBeGreaterThan(10);
    expect(rest.filter((size) => !sizes.includes(size))).toEqual([]);
  });

  it("weighs text normal or bold only", () => {
    const all = declared("font-weight");
    expect(all.length).toBeGreaterThan(10);
    expect(all.filter((weight) => !weights.includes(weight))).toEqual([]);
  });
});
