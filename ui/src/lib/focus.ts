// Moves keyboard and screen-reader focus to a new step's heading.
export function focusOnMount(node: HTMLElement): void {
  if (!node.hasAttribute("tabindex")) node.setAttribute("tabindex", "-1");
  queueMicrotask(() => node.focus({ preventScroll: false }));
}
