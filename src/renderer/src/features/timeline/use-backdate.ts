import { useState } from 'react';
import { readBackdate, readTimeField, type BackdateContext, type TimeChoice, type TimeResolution } from '../../../../shared/backdate';
import { useConsoleClock } from '../../state/console-clock';
import { useTimeDisplay } from '../../state/time-display';

/** A note ready to record: its text (a leading time taken off) and when it happened, if not now. */
export interface ReadyNote {
  text: string;
  occurredAt?: string;
}

/** What the capture box asks before recording a note whose time could be read two ways (or not at all). */
export interface BackdateQuestion {
  /** The time as typed: "07:35", "-15m", or the field's value. */
  said: string;
  /** The note without the time; `typed`: all of it, as typed. */
  text: string;
  typed: string;
  why: 'later-than-now' | 'which-day' | 'invalid';
  /** Why it cannot be a time (invalid only). */
  reason?: string;
  choices: TimeChoice[];
}

export interface Backdate {
  /** The capture box's time field ("HH:MM" or "HH:MM:SS", or empty). */
  field: string;
  setField: (value: string) => void;
  /** How the note and field read right now (shown under the box as the operator types). */
  preview: (note: string) => ({ said: string } & TimeResolution) | undefined;
  /** The note to record now, or undefined when a question was asked first (see `question`). */
  resolve: (note: string) => ReadyNote | undefined;
  question: BackdateQuestion | undefined;
  /** The question was answered or put aside. */
  dismiss: () => void;
  /** After a note was recorded: the field applies to one note only. */
  clear: () => void;
}

/**
 * Backdating in quick capture: a time in the field, else a time at the start of the note
 * ("07:05 deploy 4521 went out", "-15m paged by the monitor"), read in the zone the operator reads
 * times in, on main's clock. What could be read two ways is asked, never guessed.
 */
export function useBackdate(incidentStartedAt: string | undefined): Backdate {
  const clock = useConsoleClock();
  const { zone } = useTimeDisplay();
  const [field, setField] = useState('');
  const [question, setQuestion] = useState<BackdateQuestion>();

  const context = (): BackdateContext => ({
    now: clock.now() ?? Date.now(),
    zone,
    incidentStart: incidentStartedAt === undefined ? undefined : Date.parse(incidentStartedAt),
  });
  const read = (note: string): ({ said: string; text: string } & TimeResolution) | undefined => {
    const fromField = readTimeField(field, context());
    if (fromField) return { said: field.trim(), text: note, ...fromField };
    const reading = readBackdate(note, context());
    return reading.kind === 'none' ? undefined : reading;
  };

  return {
    field,
    setField,
    preview: read,
    resolve: (note) => {
      const reading = read(note);
      if (!reading) return { text: note };
      if (reading.kind === 'at') return { text: reading.text, occurredAt: reading.occurredAt };
      setQuestion(
        reading.kind === 'ask'
          ? { said: reading.said, text: reading.text, typed: note, why: reading.why, choices: reading.choices }
          : { said: reading.said, text: reading.text, typed: note, why: 'invalid', reason: reading.reason, choices: [] },
      );
      return undefined;
    },
    question,
    dismiss: () => setQuestion(undefined),
    clear: () => {
      setField('');
      setQuestion(undefined);
    },
  };
}
