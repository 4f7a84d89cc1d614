import { forwardRef, useImperativeHandle, useRef, useState, type KeyboardEvent } from 'react';
import { BackdateField, BackdateQuestionPanel } from './BackdateControls';
import { useCaptureStore } from './capture-store';
import { SecretWarning } from './SecretWarning';
import { useBackdate, type ReadyNote } from './use-backdate';
import { useSecretGuard } from './use-secret-guard';

/**
 * The note box: Enter hands the note to the capture store, which shows it in the timeline at once
 * as pending and appends it (durably); the box clears at once so typing never waits. A note that
 * is not recorded stays in the timeline with its text and the reason (PendingCaptures), so nothing
 * typed at 3 a.m. is lost. A note that looks like it holds a secret is not recorded on Enter: it
 * asks first.
 */
export const QuickCapture = forwardRef<HTMLTextAreaElement, { incidentId: string; incidentStartedAt?: string; entryCount: number }>(function QuickCapture(
  { incidentId, incidentStartedAt, entryCount },
  ref,
) {
  const captures = useCaptureStore();
  const [text, setText] = useState('');
  const secrets = useSecretGuard(text);
  const backdate = useBackdate(incidentStartedAt);
  const box = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => box.current!, []);

  const submit = (note: string, occurredAt?: string) => {
    if (note.trim() === '') return;
    backdate.clear();
    setText('');
    captures.submit(incidentId, note, entryCount, occurredAt);
  };

  // A time at the start of the note or in the field dates it; one that could be read two ways is asked first.
  const record = (note: string) => {
    const ready = backdate.resolve(note);
    if (ready) submit(ready.text, ready.occurredAt);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      if (secrets.allows(text)) record(text);
    }
  };
  const answered = (ready: ReadyNote) => {
    submit(ready.text, ready.occurredAt);
    box.current?.focus();
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
            record(note);
            box.current?.focus();
          }}
        />
      )}
      <BackdateField backdate={backdate} note={text} />
      {backdate.question && (
        <BackdateQuestionPanel
          question={backdate.question}
          onRecord={answered}
          onEdit={() => {
            backdate.dismiss();
            box.current?.focus();
          }}
        />
      )}
    </div>
  );
});
