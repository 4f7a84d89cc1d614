import { forwardRef, useImperativeHandle, useRef, useState, type KeyboardEvent } from 'react';
import { useCaptureStore } from './capture-store';
import { SecretWarning } from './SecretWarning';
import { useSecretGuard } from './use-secret-guard';

/**
 * The note box: Enter hands the note to the capture store, which shows it in the timeline at once
 * as pending and appends it (durably); the box clears at once so typing never waits. A note that
 * is not recorded stays in the timeline with its text and the reason (PendingCaptures), so nothing
 * typed at 3 a.m. is lost. A note that looks like it holds a secret is not recorded on Enter: it
 * asks first.
 */
export const QuickCapture = forwardRef<HTMLTextAreaElement, { incidentId: string; entryCount: number }>(function QuickCapture({ incidentId, entryCount }, ref) {
  const captures = useCaptureStore();
  const [text, setText] = useState('');
  const secrets = useSecretGuard(text);
  const box = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => box.current!, []);

  const submit = (note: string) => {
    if (note.trim() === '') return;
    setText('');
    captures.submit(incidentId, note, entryCount);
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
        aria-describedby={secrets.findings.length > 0 ? 'quick-capture-secret' : undefined}
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
    </div>
  );
});
