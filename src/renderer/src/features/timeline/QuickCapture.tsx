import { forwardRef, useImperativeHandle, useRef, useState, type KeyboardEvent } from 'react';
import type { TimelineEntry } from '../../../../shared/model';
import { errorMessage } from '../../../../shared/errors';
import { useClient } from '../../api/client-context';
import { BackdateField, BackdateQuestionPanel } from './BackdateControls';
import { SecretWarning } from './SecretWarning';
import { useBackdate, type ReadyNote } from './use-backdate';
import { useSecretGuard } from './use-secret-guard';

/**
 * The note box: Enter appends (durably) and clears it at once so typing never waits; on any
 * failure the note is put back in the box with the reason, so nothing typed at 3 a.m. is lost.
 * A note that looks like it holds a secret is not recorded on Enter: it asks first.
 */
export const QuickCapture = forwardRef<HTMLTextAreaElement, { incidentId: string; incidentStartedAt?: string; onAppended: (entry: TimelineEntry) => void }>(
  function QuickCapture({ incidentId, incidentStartedAt, onAppended }, ref) {
    const client = useClient();
    const [text, setText] = useState('');
    const [pending, setPending] = useState(0);
    const [error, setError] = useState<string>();
    // Appends go one after another, in the order typed, while the operator keeps typing.
    const queue = useRef<Promise<void>>(Promise.resolve());
    const secrets = useSecretGuard(text);
    const backdate = useBackdate(incidentStartedAt);
    const box = useRef<HTMLTextAreaElement>(null);
    useImperativeHandle(ref, () => box.current!, []);

    /** `typed`: what goes back into the box if it is not recorded (the note with its time, as typed). */
    const submit = (note: string, occurredAt?: string, typed = note) => {
      if (note.trim() === '') return;
      backdate.clear();
      setText('');
      setError(undefined);
      setPending((count) => count + 1);
      queue.current = queue.current.then(async () => {
        try {
          onAppended(await client.call('journal.append', { incidentId, kind: 'note', text: note, occurredAt }));
        } catch (failure) {
          // Not recorded: the note goes back into the box, ahead of anything typed since.
          setText((current) => (current.trim() === '' ? typed : `${typed}\n${current}`));
          setError(errorMessage(failure));
        } finally {
          setPending((count) => count - 1);
        }
      });
    };

    // A time at the start of the note or in the field dates it; one that could be read two ways is asked first.
    const record = (note: string) => {
      const ready = backdate.resolve(note);
      if (ready) submit(ready.text, ready.occurredAt, note);
    };
    const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
        event.preventDefault();
        if (secrets.allows(text)) record(text);
      }
    };
    const answered = (ready: ReadyNote) => {
      submit(ready.text, ready.occurredAt, text);
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
        {error && (
          <p id="quick-capture-error" className="capture-error" role="alert">
            Not recorded: {error}
          </p>
        )}
      </div>
    );
  },
);
