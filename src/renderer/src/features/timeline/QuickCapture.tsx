import { forwardRef, useImperativeHandle, useRef, useState, type KeyboardEvent } from 'react';
import type { TimelineEntry } from '../../../../shared/model';
import { errorMessage } from '../../../../shared/errors';
import { useClient } from '../../api/client-context';
import { SecretWarning } from './SecretWarning';
import { useSecretGuard } from './use-secret-guard';

/**
 * The note box: Enter appends (durably) and clears it at once so typing never waits; on any
 * failure the note is put back in the box with the reason, so nothing typed at 3 a.m. is lost.
 * A note that looks like it holds a secret is not recorded on Enter: it asks first.
 */
export const QuickCapture = forwardRef<HTMLTextAreaElement, { incidentId: string; onAppended: (entry: TimelineEntry) => void }>(function QuickCapture(
  { incidentId, onAppended },
  ref,
) {
  const client = useClient();
  const [text, setText] = useState('');
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<string>();
  // Appends go one after another, in the order typed, while the operator keeps typing.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const secrets = useSecretGuard(text);
  const box = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => box.current!, []);

  const submit = (note: string) => {
    if (note.trim() === '') return;
    setText('');
    setError(undefined);
    setPending((count) => count + 1);
    queue.current = queue.current.then(async () => {
      try {
        onAppended(await client.call('journal.append', { incidentId, kind: 'note', text: note }));
      } catch (failure) {
        // Not recorded: the note goes back into the box, ahead of anything typed since.
        setText((current) => (current.trim() === '' ? note : `${note}\n${current}`));
        setError(errorMessage(failure));
      } finally {
        setPending((count) => count - 1);
      }
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      if (secrets.allows(text)) submit(text);
    }
  };

  return (
    <div className="quick-capture">
      <textarea
        ref={box}
        className="quick-capture-input"
        rows={2}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        placeholder="What just happened? Enter to record · Shift+Enter for a new line · Ctrl+K or / from anywhere"
        aria-label="Quick capture"
        aria-describedby={[error && 'quick-capture-error', secrets.findings.length > 0 && 'quick-capture-secret'].filter(Boolean).join(' ') || undefined}
        aria-busy={pending > 0}
      />
      {secrets.findings.length > 0 && (
        <SecretWarning
          id="quick-capture-secret"
          note={text}
          findings={secrets.findings}
          asked={secrets.asked}
          onSave={(note) => {
            submit(note);
            box.current?.focus();
          }}
        />
      )}
      {error && (
        <p id="quick-capture-error" className="capture-error" role="alert">
          Not recorded: {error}
        </p>
      )}
    </div>
  );
});
