import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal built on <dialog>: focus is trapped, Escape cancels. Used for every confirmation
 * (halt, resume, a command that changes a system) so they all look and behave alike.
 */
export function Dialog({
  open,
  title,
  onClose,
  children,
  footer,
  tone = 'normal',
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  tone?: 'normal' | 'danger';
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${tone}`}
      aria-label={title}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <header className="dialog-header">
        <h2>{title}</h2>
      </header>
      <div className="dialog-body">{children}</div>
      {footer && <footer className="dialog-footer">{footer}</footer>}
    </dialog>
  );
}
