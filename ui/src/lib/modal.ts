// A <dialog> opened as a modal when it appears (focus moves in, Escape
// cancels, the rest of the page is inert), giving the focus back to what
// had it when it goes away.
export function modal(dialog: HTMLDialogElement): { destroy: () => void } {
  const returnTo = document.activeElement as HTMLElement | null;
  dialog.showModal();
  return { destroy: () => returnTo?.focus() };
}
