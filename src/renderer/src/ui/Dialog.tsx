import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal built on <dialog>: focus is trapped, Escape cancels, the dialog is named by its own
 * heading, and on closing (or when it goes away) the focus returns to where it was when it
 * opened. Used for every confirmation (halt, resume, a command that changes a system) and the
 * command palette, so they all look and behave alike.
 */
export function Dialog({
  open,
  title,
  onClose,
  children,
  footer,
  tone = 'normal',
  className,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  tone?: 'normal' | 'danger';
  className?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    const cameFrom = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      // The element the operator was on, if it is still there (a palette that opened this dialog is not).
      if (cameFrom?.isConnected) cameFrom.focus();
    };
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={['dialog', `dialog-${tone}`, className].filter(Boolean).join(' ')}
      aria-labelledby={headingId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <header className="dialog-header">
        <h2 id={headingId}>{title}</h2>
      </header>
      <div className="dialog-body">{children}</div>
      {footer && <footer className="dialog-footer">{footer}</footer>}
    </dialog>
  );
}
