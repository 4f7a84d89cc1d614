import { useEffect, useMemo, useRef } from 'react';
import { redactSecrets, type SecretFinding } from '../../../../shared/secret-redactor';

const PREVIEW_CHARS = 240;

/**
 * Shown under the capture box while the note looks like it holds a secret: what was seen, how the
 * note reads redacted, and the two ways on. Enter on such a note lands on "Redact and save".
 */
export function SecretWarning({
  id,
  note,
  findings,
  asked,
  onSave,
}: {
  id: string;
  note: string;
  findings: SecretFinding[];
  asked: boolean;
  onSave: (text: string) => void;
}) {
  const redactButton = useRef<HTMLButtonElement>(null);
  const redacted = useMemo(() => redactSecrets(note), [note]);
  useEffect(() => {
    if (asked) redactButton.current?.focus();
  }, [asked]);
  const preview = redacted.length > PREVIEW_CHARS ? `${redacted.slice(0, PREVIEW_CHARS)}…` : redacted;

  return (
    <div id={id} className={`secret-warning${asked ? ' asked' : ''}`} role="status" data-testid="secret-warning">
      <p className="secret-warning-title">This note looks like it holds a secret: {findings.map((finding) => finding.kind).join(', ')}.</p>
      <p className="secret-warning-detail">Notes stay in the journal and go into every export. Redacted, it reads:</p>
      <pre className="secret-warning-preview">{preview}</pre>
      <div className="secret-warning-actions">
        <button ref={redactButton} type="button" className="button primary" onClick={() => onSave(redacted)}>
          Redact and save
        </button>
        <button type="button" className="button" onClick={() => onSave(note)}>
          Save as typed
        </button>
      </div>
    </div>
  );
}
