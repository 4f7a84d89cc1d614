import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postmortemFacts } from '../../src/main/core/reports/postmortem-facts';
import { timelineStripSvg } from '../../src/main/core/reports/timeline-strip-svg';
import type { EntryData } from '../../src/shared/model';
import { createJournalFixture, type JournalFixture } from '../journal/journal-fixture';
import { stripMarkCount } from '../support/strip-marks';

/**
 * Which kill-switch entries are the platform's halts and resumes in the post-mortem: only those
 * the server settled (done, confirmed, observed), once per server event, and old entries' 200s.
 */
describe('kill-switch milestones in the post-mortem', () => {
  let fixture: JournalFixture;
  beforeEach(() => {
    fixture = createJournalFixture('alice');
  });
  afterEach(() => fixture.dispose());

  const write = (incidentId: string, text: string, data: Omit<EntryData<'killswitch_call'>, 'profile'>) => {
    fixture.clock.advance(60_000);
    fixture.journal.append(incidentId, { kind: 'killswitch_call', text, data: { profile: 'prod', ...data } });
  };

  it('unknown, refused, not applied and "nothing changed" entries are not milestones; each server event counts once', () => {
    const incident = fixture.journal.createIncident({ title: 'Agents looping', detectedBy: 'pager' });
    write(incident.id, 'First press.', { action: 'halt', httpStatus: null, ok: false, result: 'unknown', outcome: 'HALT sent, outcome unknown: timeout.' });
    write(incident.id, 'First press.', {
      action: 'halt',
      httpStatus: 200,
      ok: true,
      result: 'confirmed',
      outcome: 'Confirmed: halted.',
      serverEventId: 'e1',
      by: 'casey <c@x>',
    });
    write(incident.id, 'Second press.', { action: 'halt', httpStatus: 409, ok: true, result: 'unchanged', outcome: 'Already halted: nothing changed.' });
    write(incident.id, 'Seen again.', { action: 'halt', httpStatus: 200, ok: true, result: 'observed', outcome: 'Observed.', serverEventId: 'e1' });
    write(incident.id, 'Refused resume.', { action: 'resume', httpStatus: 403, ok: false, result: 'refused', outcome: 'RESUME not carried out.' });
    write(incident.id, 'Lost resume.', { action: 'resume', httpStatus: 500, ok: false, result: 'not_applied', outcome: 'did not take effect.' });
    write(incident.id, 'AI activity resumed (mode: full)', {
      action: 'resume',
      mode: 'full',
      httpStatus: 200,
      ok: true,
      result: 'observed',
      outcome: 'Observed.',
      serverEventId: 'e2',
      by: 'robin <r@x>',
    });

    const facts = postmortemFacts(fixture.journal.getIncident(incident.id), fixture.journal.allEntries(incident.id));
    expect(facts.marks.map((mark) => mark.kind)).toEqual(['halt', 'resume']);
    expect(facts.timeline.map((row) => row.event).filter((event) => event.startsWith('Kill switch'))).toEqual([
      'Kill switch: platform halted by casey <c@x> (prod): First press.',
      'Kill switch: platform resumed by robin <r@x> (prod, seen on the server)',
    ]);
    const svg = timelineStripSvg(facts);
    expect(stripMarkCount(svg, 'halt')).toBe(1);
    expect(svg.match(/class="halted-period"/g)).toHaveLength(1);
  });

  it('entries written before outcomes were settled: a 200 is a milestone, a 409 (then journaled ok) is not', () => {
    const incident = fixture.journal.createIncident({ title: 'Old journal', detectedBy: 'pager' });
    write(incident.id, 'Halt.', { action: 'halt', httpStatus: 200, ok: true, outcome: 'Halted.' });
    write(incident.id, 'Halt again.', { action: 'halt', httpStatus: 409, ok: true, outcome: 'Already halted (409).' });
    write(incident.id, 'Failed.', { action: 'resume', httpStatus: 500, ok: false, outcome: 'RESUME FAILED.' });
    const facts = postmortemFacts(fixture.journal.getIncident(incident.id), fixture.journal.allEntries(incident.id));
    expect(facts.marks.map((mark) => mark.kind)).toEqual(['halt']);
  });
});
