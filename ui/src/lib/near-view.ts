// Calls `reached` when the element comes near the visible part of the
// page, so a long list grows as the person scrolls. Where the browser has
// no IntersectionObserver (tests), the element's own click still works.
export function nearView(node: HTMLElement, reached: () => void): { destroy(): void } {
  if (typeof IntersectionObserver === "undefined") return { destroy() {} };
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) reached();
    },
    { rootMargin: "0px 0px 600px 0px" },
  );
  observer.observe(node);
  return { destroy: () => observer.disconnect() };
}
