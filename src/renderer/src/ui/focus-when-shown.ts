/**
 * A ref that gives an element the focus when it appears because the operator asked for it (the
 * correction box after "Amend", the code field after the password): focus that follows their own
 * step, unlike autofocus on page load, which moves a screen reader's place unasked.
 */
export function focusWhenShown(element: HTMLElement | null): void {
  element?.focus();
}
