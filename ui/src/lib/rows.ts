// Which rows of a long table to put on the page: those in view and a few
// on either side. Every row has the same height, so that is arithmetic on
// the scroll position; the rows above and below are two empty spacers.
// 2,000 connections then cost the page what 40 do (BENCHMARKS.md,
// "Agency scale").

/// A row's height in pixels; the stylesheet's `--row-height` is the same.
export const ROW_HEIGHT = 30;
/// Rows built beyond each edge of the view, so a quick scroll or a
/// PageDown does not show empty space before the next frame.
export const OVERSCAN = 10;

export interface RowWindow {
  /// The first row on the page, and the one after the last.
  start: number;
  end: number;
  /// Heights of the spacers above and below, in pixels.
  before: number;
  after: number;
}

/// The rows to build for `count` rows scrolled to `scrollTop` in a view
/// `viewport` pixels tall (the header included: it may cover a row).
export function rowWindow(count: number, scrollTop: number, viewport: number, overscan = OVERSCAN): RowWindow {
  const first = Math.floor(Math.max(0, scrollTop) / ROW_HEIGHT);
  const start = Math.min(count, Math.max(0, first - overscan));
  const end = Math.min(count, first + Math.ceil(Math.max(viewport, ROW_HEIGHT) / ROW_HEIGHT) + overscan);
  return { start, end, before: start * ROW_HEIGHT, after: Math.max(0, count - end) * ROW_HEIGHT };
}

/// The scroll position at which row `index` is wholly in view below a
/// sticky header `header` pixels tall; `scrollTop` when it already is.
export function scrollToShow(index: number, scrollTop: number, viewport: number, header: number): number {
  const top = index * ROW_HEIGHT;
  const bottom = header + top + ROW_HEIGHT;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewport) return bottom - viewport;
  return scrollTop;
}

/// Where a key moves the keyboard's row, in a table of `count` rows with
/// `page` rows in view; `null` for any other key.
export function rowAfterKey(key: string, index: number, count: number, page: number): number | null {
  const last = count - 1;
  switch (key) {
    case "ArrowDown": return Math.min(last, index + 1);
    case "ArrowUp": return Math.max(0, index - 1);
    case "PageDown": return Math.min(last, index + Math.max(1, page - 1));
    case "PageUp": return Math.max(0, index - Math.max(1, page - 1));
    case "Home": return 0;
    case "End": return last;
    default: return null;
  }
}
