import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mayApply, referenceRefusal, REFERRING_KINDS, textRefusal, type ReferringKind } from '../../src/shared/entry-rules';
import { ConsoleError } from '../../src/shared/errors';
import { createJournalFixture, type JournalFixture } from './journal-fixture';

let fx: JournalFixture;
let incidentId: string;
/** One entry of each kind and state the rules tell apart, written through the journal. */
let targets: Record<string, string>;

beforeEach(() => {
  fx = createJournalFixture();
  const journal = fx.journal;
  incidentId = journal.createIncident({ title: 'Checkout down', detectedBy: 'alert' }).id;
  const id = (entry: { id: string }) => entry.id;
  const note = journal.append(incidentId, { kind: 'note', text: 'error rate 38%', data: {} });
  const leaked = journal.append(incidentId, { kind: 'note', text: 'token pasted', data: {} });
  targets = {
    'the opening entry': journal.allEntries(incidentId)[0]!.id,
    'a note': id(note),
    'a command run': id(
      journal.append(incidentId, {
        kind: 'command_run',
        text: 'systemctl status api',
        data: {
          runId: 'r1',
          commandId: 'service-status',
          host: 'api-1',
          argv: ['systemctl', 'status', 'api'],
          exitCode: 0,
          signal: null,
          outcome: 'succeeded',
          durationMs: 9,
          output: 'active',
          outputBytes: 6,
          outputTruncated: false,
        },
      }),
    ),
    'an acknowledgement with no text': id(
      journal.append(incidentId, { kind: 'acknowledged', text: '', data: { severity: 'SEV2', targetMs: 900_000, elapsedMs: 60_000 } }),
    ),
    'an amendment': id(journal.append(incidentId, { kind: 'amendment', text: 'error rate 39%', data: {}, refersTo: note.id })),
    'a redaction': id(journal.append(incidentId, { kind: 'redaction', text: 'Contained a token', data: {}, refersTo: leaked.id })),
    'a redacted note': id(leaked),
    'a pin': id(journal.append(incidentId, { kind: 'pin', text: '', data: {}, refersTo: note.id })),
    'a pin with a comment': id(journal.append(incidentId, { kind: 'pin', text: 'root cause, says dana', data: {}, refersTo: note.id })),
    'an unpin': id(journal.append(incidentId, { kind: 'unpin', text: '', data: {}, refersTo: note.id })),
  };
});
afterEach(() => fx.dispose());

/** What may be done to what: [pin, unpin, amend, redact]. */
const ALLOWED: Record<string, [boolean, boolean, boolean, boolean]> = {
  'the opening entry': [true, true, true, false],
  'a note': [true, true, true, true],
  'a command run': [true, true, true, true],
  'an acknowledgement with no text': [true, true, true, true],
  'an amendment': [true, true, true, true],
  'a redaction': [true, true, true, false],
  'a redacted note': [true, true, false, false],
  'a pin': [false, false, false, false],
  'a pin with a comment': [false, false, false, true],
  'an unpin': [false, false, false, false],
};
function thrownBy(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error instanceof ConsoleError ? error : String(error);
  }
  return 'nothing thrown';
}

const ACTIONS: ReferringKind[] = ['pin', 'unpin', 'amendment', 'redaction'];
const TEXT: Record<ReferringKind, string> = { pin: '', unpin: '', amendment: 'corrected', redaction: 'Contained a secret' };

describe('the entry rules', () => {
  it('cover every kind that refers to another entry', () => {
    expect([...REFERRING_KINDS].sort()).toEqual([...ACTIONS].sort());
  });

  it.each(Object.keys(ALLOWED))("for %s: allow what the table says, and the journal refuses exactly the rest, in the rules' words", (name) => {
    // Redaction last: it changes the target for the actions after it.
    for (const [index, action] of ACTIONS.entries()) {
      const target = fx.journal.getEntry(targets[name]!);
      expect(mayApply(action, target), `${action} ${name}`).toBe(ALLOWED[name]![index]);
      const countBefore = fx.journal.getIncident(incidentId).entryCount;
      const append = () => fx.journal.append(incidentId, { kind: action, text: TEXT[action], data: {}, refersTo: target.id });
      const refusal = referenceRefusal(action, target);
      if (refusal === undefined) {
        expect(append().refersTo).toBe(target.id);
      } else {
        expect(thrownBy(append)).toMatchObject({ code: 'JOURNAL_INVALID_ENTRY', message: refusal });
        expect(fx.journal.getIncident(incidentId).entryCount).toBe(countBefore);
      }
    }
  });

  it('name the entry and the reason in a sentence', () => {
    const redacted = fx.journal.getEntry(targets['a redacted note']!);
    expect(referenceRefusal('amendment', redacted)).toBe(`Entry #${redacted.seq} is redacted; add a note instead of amending it.`);
    expect(referenceRefusal('redaction', redacted)).toBe(`Entry #${redacted.seq} is already redacted.`);
    expect(referenceRefusal('redaction', fx.journal.getEntry(targets['the opening entry']!))).toBe('An incident opened entry cannot be redacted.');
    expect(referenceRefusal('pin', fx.journal.getEntry(targets['a pin']!))).toBe('A pin entry cannot be pinned: it only marks another entry.');
    const pin = fx.journal.getEntry(targets['a pin']!);
    expect(referenceRefusal('redaction', pin)).toBe(`Entry #${pin.seq} is empty: there is nothing to redact.`);
  });

  it('want a reason for a redaction and the corrected text for an amendment, and the journal holds to it', () => {
    expect(textRefusal('redaction', '  ')).toBe('A redaction needs a reason.');
    expect(textRefusal('amendment', '')).toBe('An amendment needs the corrected text.');
    expect(textRefusal('pin', '')).toBeUndefined();
    const note = targets['a note']!;
    expect(() => fx.journal.append(incidentId, { kind: 'redaction', text: ' ', data: {}, refersTo: note })).toThrow('A redaction needs a reason.');
    expect(() => fx.journal.append(incidentId, { kind: 'amendment', text: '', data: {}, refersTo: note })).toThrow('An amendment needs the corrected text.');
  });
});
