import { useEffect, useId, useRef } from 'react';
import { useShortcuts } from '../../state/shortcuts';
import { DateTime } from '../../ui/DateTime';
import type { Backdate, BackdateQuestion as Question, ReadyNote } from './use-backdate';

/**
 * The capture box's "happened at" field, and under the box how the note will be dated: a time
 * typed at its start or in the field is shown beside "occurred" before Enter, so what is recorded
 * is never a surprise.
 */
export function BackdateField({ backdate, note }: { backdate: Backdate; note: string }) {
  const reading = backdate.preview(note);
  return (
    <div className="backdate">
      <label className="backdate-field">
        <span>Happened at</span>
        <input
          type="time"
          step="1"
          value={backdate.field}
          onChange={(event) => backdate.setField(event.target.value)}
          aria-label="Happened at"
          aria-describedby="backdate-help"
        />
      </label>
      {backdate.field && (
        <button type="button" className="link-button" onClick={() => backdate.setField('')}>
          clear
        </button>
      )}
      <span id="backdate-help" className="muted backdate-help" data-testid="backdate-preview">
        {!reading && 'or start the note with a time: “07:05 deploy went out”, “-15m paged”'}
        {reading?.kind === 'at' && (
          <>
            Occurred <DateTime iso={reading.occurredAt} /> <span className="backdate-said">({reading.said})</span>
          </>
        )}
        {reading?.kind === 'ask' && `${reading.said}: Enter asks which day`}
        {reading?.kind === 'invalid' && `${reading.said}: ${reading.reason}`}
      </span>
    </div>
  );
}

const HEADINGS: Record<Question['why'], (said: string) => string> = {
  'later-than-now': (said) => `${said} today is later than now. When did it happen?`,
  'which-day': (said) => `${said} falls within the incident on two days. Which one?`,
  invalid: (said) => `“${said}” cannot be placed on the timeline.`,
};

/** Asked on Enter when the time could be read two ways, or not at all; Escape goes back to the note. */
export function BackdateQuestionPanel({ question, onRecord, onEdit }: { question: Question; onRecord: (note: ReadyNote) => void; onEdit: () => void }) {
  const headingId = useId();
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), [question]);
  // Escape, wherever the focus is, puts the question aside (registered last, so asked first).
  useShortcuts([[{ key: 'Escape', inFields: true }, onEdit]]);
  return (
    <div className="backdate-question" role="group" aria-labelledby={headingId} data-testid="backdate-question">
      <p id={headingId} className="backdate-question-title">
        {HEADINGS[question.why](question.said)}
      </p>
      {question.reason && <p className="muted">{question.reason}.</p>}
      <div className="backdate-question-actions">
        {question.choices.map((choice, index) => (
          <button
            key={choice.day}
            ref={index === 0 ? first : undefined}
            type="button"
            className="button primary"
            onClick={() => onRecord({ text: question.text, occurredAt: choice.occurredAt })}
          >
            {choice.day === 'today' ? 'Today' : 'Yesterday'}, <DateTime iso={choice.occurredAt} />
          </button>
        ))}
        {question.why === 'invalid' && (
          <button ref={first} type="button" className="button" onClick={() => onRecord({ text: question.typed })}>
            Record as typed, without a time
          </button>
        )}
        <button type="button" className="button" onClick={onEdit}>
          Edit the note (Esc)
        </button>
      </div>
    </div>
  );
}
