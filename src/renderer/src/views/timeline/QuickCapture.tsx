import { forwardRef, useState, type KeyboardEvent } from 'react';
import type { TimelineEntry } from '../../../../shared/model';
import { call, errorMessage } from '../../api/client';

/**
 * The note box: Enter appends (durably) and clears it; on any failure the text stays where it
 * was and the reason is shown, so nothing typed at 3 a.m. is lost.
 */
export const QuickCapture = forwardRef<HTMLTextAreaElement, { incidentId: string; onAppended: (entry: TimelineEntry) => void }>(
  function QuickCapture({ incidentId, onAppended }, ref) {
    const [text, setText] = useState('');
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<string>();

    const submit = async () => {
      if (text.trim() === '' || busy) return;
      setBusy(true);
      setError(undefined);
      try {
        const entry = await call('journal.append', { incidentId, kind: 'note', text });
        setText('');
        onAppended(entry);
      } catch (failure) {
        setError(errorMessage(failure));
      } finally {
        setBusy(false);
      }
    };

    const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
        event.preventDefault();
        void submit();
      }
    };

    return (
      <div className="quick-capture">
        <textarea
          ref={ref}
          className="quick-capture-input"
          rows={2}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder="What just happened? Enter to record · Shift+Enter for a new line · Ctrl+K or / from anywhere"
          aria-label="Quick capture"
          aria-describedby={error ? 'quick-capture-error' : undefined}
          readOnly={busy}
        />
        {error && (
          <p id="quick-capture-error" className="capture-error" role="alert">
            Not recorded: {error}
          </p>
        )}
      </div>
    );
  },
);
