import { describe, expect, it } from "vitest";
import { OVERSCAN, ROW_HEIGHT, rowAfterKey, rowWindow, scrollToShow } from "./rows";

describe("the rows a long table builds", () => {
  it("builds those in view and a few around, and spaces the rest", () => {
    const view = rowWindow(2000, 100 * ROW_HEIGHT, 15 * ROW_HEIGHT);
    expect(view.start).toBe(100 - OVERSCAN);
    expect(view.end).toBe(100 + 15 + OVERSCAN);
    expect(view.before).toBe((100 - OVERSCAN) * ROW_HEIGHT);
    expect(view.before + (view.end - view.start) * ROW_HEIGHT + view.after).toBe(2000 * ROW_HEIGHT);
  });

  it("stays within the table at either end, and when it is short", () => {
    expect(rowWindow(2000, 0, 450)).toMatchObject({ start: 0, before: 0 });
    const end = rowWindow(2000, 2000 * ROW_HEIGHT, 450);
    expect(end).toMatchObject({ end: 2000, after: 0 });
    expect(rowWindow(3, 0, 450)).toEqual({ start: 0, end: 3, before: 0, after: 0 });
    expect(rowWindow(0, 0, 0)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });

  it("scrolls only as far as needed to show a row under the header", () => {
    const view = 10 * ROW_HEIGHT;
    expect(scrollToShow(3, 0, view, ROW_HEIGHT)).toBe(0);
    expect(scrollToShow(9, 0, view, ROW_HEIGHT)).toBe(ROW_HEIGHT);
    expect(scrollToShow(2, 5 * ROW_HEIGHT, view, ROW_HEIGHT)).toBe(2 * ROW_HEIGHT);
  });

  it("moves the keyboard's row by one, by a page, or to either end", () => {
    expect(rowAfterKey("ArrowDown", 0, 50, 15)).toBe(1);
    expect(rowAfterKey("ArrowUp", 0, 50, 15)).toBe(0);
    expect(rowAfterKey("PageDown", 0, 50, 15)).toBe(14);
    expect(rowAfterKey("PageUp", 20, 50, 15)).toBe(6);
    expect(rowAfterKey("End", 3, 50, 15)).toBe(49);
    expect(rowAfterKey("Home", 30, 50, 15)).toBe(0);
    expect(rowAfterKey("a", 3, 50, 15)).toBeNull();
  });
});
