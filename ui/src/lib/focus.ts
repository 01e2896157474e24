import { tick } from "svelte";

// Moves keyboard and screen-reader focus to a new step's heading.
export function focusOnMount(node: HTMLElement): void {
  if (!node.hasAttribute("tabindex")) node.setAttribute("tabindex", "-1");
  queueMicrotask(() => node.focus({ preventScroll: false }));
}

/// Runs `run` and gives the focus back to what had it, if the page lost it
/// meanwhile (a button disabled while its action runs loses the focus, and
/// a keyboard user would start again from the top of the page).
export async function keepingFocus(run: () => unknown): Promise<void> {
  await tick();
  const had = document.activeElement as HTMLElement | null;
  try {
    await run();
  } finally {
    await tick();
    const lost = !document.activeElement || document.activeElement === document.body;
    if (lost && had?.isConnected) had.focus();
  }
}
