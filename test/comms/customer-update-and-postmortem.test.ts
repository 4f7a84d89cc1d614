import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCommsHandlers } from '../../src/main/core/comms/comms-service';
import { addBusinessDays } from '../../src/main/core/reports/business-days';
import { createPostmortemHandlers } from '../../src/main/core/reports/postmortem-service';
import type { Incident } from '../../src/shared/model';
import { createJournalFixture, type JournalFixture } from '../journal/journal-fixture';

describe('customer update, action items and post-mortem state', () => {
  let fixture: JournalFixture;
  let incident: Incident;
  let comms: ReturnType<typeof createCommsHandlers>;
  let postmortem: ReturnType<typeof createPostmortemHandlers>;

  beforeEach(() => {
    fixture = createJournalFixture('alice');
    incident = fixture.journal.createIncident({ title: 'Checkout API returning 500s', detectedBy: 'customer report', startedAt: '2026-03-15T08:52:00.000Z' });
    comms = createCommsHandlers({ journal: fixture.journal, clock: fixture.clock, dataDir: fixture.dir });
    postmortem = createPostmortemHandlers({ journal: fixture.journal, clock: fixture.clock, dataDir: fixture.dir });
  });
  afterEach(() => fixture.dispose());

  it('fills the runbook customer template, with "investigation ongoing" until a cause is written', async () => {
    const open = await comms['comms.customerDraft']!({ incidentId: incident.id });
    expect(open.subject).toBe('Service incident — Checkout API returning 500s');
    expect(open.body).toBe(
      [
        'Hi,',
        '',
        'At 2026-03-15 08:52 UTC, we detected checkout API returning 500s. Our team engaged immediately and is working to restore service.',
        '',
        'Impact: [what users experienced]',
        '',
        'Cause: investigation ongoing',
        '',
        "What we're doing: [remediation steps]",
        '',
        'If you have questions, reply to this email.',
        '',
      ].join('\n'),
    );

    fixture.journal.append(incident.id, { kind: 'severity_changed', text: '', data: { from: null, to: 'SEV1' } });
    fixture.clock.advance(20 * 60_000);
    fixture.journal.append(incident.id, { kind: 'status_changed', text: '', data: { from: 'detected', to: 'mitigated' } });
    await postmortem['postmortem.setField']!({ incidentId: incident.id, field: 'rootCause', text: 'A database migration locked a table.' });
    await postmortem['postmortem.setField']!({ incidentId: incident.id, field: 'impactSymptoms', text: 'Payments failed at checkout' });
    const contained = await comms['comms.customerDraft']!({ incidentId: incident.id });
    expect(contained.body).toContain('we detected payments failed at checkout. Our team engaged immediately and confirmed contained at 2026-03-15 09:20 UTC.');
    expect(contained.body).toContain('Cause: A database migration locked a table.');
    expect(contained.body).toContain('A full post-mortem will follow within 5 business days of resolution.');
  });

  it('saves the edited update to a file and journals it as sent with its exact text', async () => {
    const body = 'Hi,\n\nEdited by hand: all good now.\n';
    const saved = await comms['comms.saveCustomerUpdate']!({ incidentId: incident.id, subject: 'Service incident — checkout', body });
    expect(saved.path).toBe(join(fixture.dir, 'exports', incident.id, 'customer-update-20260315-090000Z.txt'));
    expect(readFileSync(saved.path, 'utf8')).toBe(`Subject: Service incident — checkout\n\n${body}\n`);
    const sent = await comms['comms.recordUpdate']!({
      incidentId: incident.id,
      text: body,
      channel: 'email',
      audience: 'customer',
      subject: 'Service incident — checkout',
    });
    expect(fixture.journal.getEntry(sent.id)).toMatchObject({
      kind: 'comms_sent',
      text: body,
      data: { audience: 'customer', channel: 'email', subject: 'Service incident — checkout' },
    });
  });

  it('keeps action items as journaled edits, the latest per item winning', async () => {
    const added = await postmortem['postmortem.saveActionItem']!({
      incidentId: incident.id,
      action: 'Add lock-wait alert',
      owner: 'lee',
      due: '2026-03-20',
      status: 'open',
    });
    await postmortem['postmortem.saveActionItem']!({ incidentId: incident.id, action: 'Update runbook section 4', owner: '', due: null, status: 'open' });
    await postmortem['postmortem.saveActionItem']!({
      incidentId: incident.id,
      itemId: added.itemId,
      action: 'Add lock-wait alert',
      owner: 'dana',
      due: '2026-03-21',
      status: 'done',
    });
    const state = await postmortem['postmortem.get']!({ incidentId: incident.id });
    expect(state.actionItems.map(({ action, owner, due, status }) => ({ action, owner, due, status }))).toEqual([
      { action: 'Add lock-wait alert', owner: 'dana', due: '2026-03-21', status: 'done' },
      { action: 'Update runbook section 4', owner: '', due: null, status: 'open' },
    ]);
    expect(fixture.journal.allEntries(incident.id).filter((entry) => entry.kind === 'action_item')).toHaveLength(3);
    await expect(async () =>
      postmortem['postmortem.saveActionItem']!({
        incidentId: incident.id,
        itemId: '7d0c1a36-3f43-4c1e-9d8e-1a2b3c4d5e6f',
        action: 'x',
        owner: '',
        due: null,
        status: 'open',
      }),
    ).rejects.toThrow(/not part of this incident/);
  });

  it('reads its state from the entries that make it, whatever else the timeline holds: a redacted field falls back to the one before', async () => {
    const note = (text: string) => fixture.journal.append(incident.id, { kind: 'note', text, data: {} });
    for (let index = 0; index < 50; index += 1) note(`Responder note ${index}`);
    await postmortem['postmortem.setField']!({ incidentId: incident.id, field: 'rootCause', text: 'Disk full on the primary' });
    note('Looking again: the disk was fine');
    const wrong = await postmortem['postmortem.setField']!({ incidentId: incident.id, field: 'rootCause', text: 'Token 9f8e pasted by mistake' });
    expect(wrong.fields.rootCause).toBe('Token 9f8e pasted by mistake');
    const pasted = fixture.journal.allEntries(incident.id).findLast((entry) => entry.kind === 'postmortem_field')!;
    fixture.journal.append(incident.id, { kind: 'redaction', text: 'Contained a token', data: {}, refersTo: pasted.id });
    await postmortem['postmortem.saveActionItem']!({ incidentId: incident.id, action: 'Alert on disk use', owner: 'lee', due: null, status: 'open' });
    fixture.journal.append(incident.id, { kind: 'severity_changed', text: '', data: { from: null, to: 'SEV1' } });
    fixture.journal.append(incident.id, { kind: 'status_changed', text: '', data: { from: 'detected', to: 'resolved' } });
    fixture.journal.append(incident.id, {
      kind: 'export_made',
      text: 'Post-mortem exported',
      data: { folder: '/exports/pm', files: ['postmortem.md'], chainHead: 'a'.repeat(64) },
    });
    for (let index = 0; index < 50; index += 1) note(`Late note ${index}`);

    const state = await postmortem['postmortem.get']!({ incidentId: incident.id });
    expect(state.fields).toEqual({ rootCause: 'Disk full on the primary' });
    expect(state.actionItems.map((item) => item.action)).toEqual(['Alert on disk use']);
    expect(state).toMatchObject({ required: true, overdue: false, lastExport: { folder: '/exports/pm', files: ['postmortem.md'] } });
    const draft = await comms['comms.customerDraft']!({ incidentId: incident.id });
    expect(draft.body).toContain('Cause: Disk full on the primary');
    expect(draft.body).not.toContain('9f8e');
  });

  it('does not journal a post-mortem field that did not change', async () => {
    await postmortem['postmortem.setField']!({ incidentId: incident.id, field: 'lessons', text: 'Pin as you go' });
    const state = await postmortem['postmortem.setField']!({ incidentId: incident.id, field: 'lessons', text: 'Pin as you go' });
    expect(state.fields).toEqual({ lessons: 'Pin as you go' });
    expect(fixture.journal.allEntries(incident.id).filter((entry) => entry.kind === 'postmortem_field')).toHaveLength(1);
  });

  it('makes a SEV1/SEV2 post-mortem due 5 business days after resolution, overdue until exported', async () => {
    fixture.journal.append(incident.id, { kind: 'severity_changed', text: '', data: { from: null, to: 'SEV2' } });
    fixture.journal.append(incident.id, { kind: 'severity_changed', text: '', data: { from: 'SEV2', to: 'SEV3' } });
    expect(await postmortem['postmortem.get']!({ incidentId: incident.id })).toMatchObject({ required: true, dueAt: null, overdue: false });
    // Resolved on Friday 2026-03-20 → due Friday 2026-03-27 (the weekend does not count).
    fixture.clock.advance(Date.parse('2026-03-20T16:00:00.000Z') - fixture.clock.now().getTime());
    fixture.journal.append(incident.id, { kind: 'status_changed', text: '', data: { from: 'detected', to: 'resolved' } });
    expect(await postmortem['postmortem.get']!({ incidentId: incident.id })).toMatchObject({
      required: true,
      dueAt: '2026-03-27T16:00:00.000Z',
      overdue: false,
    });
    fixture.clock.advance(8 * 86_400_000);
    expect((await postmortem['postmortem.get']!({ incidentId: incident.id })).overdue).toBe(true);
  });

  it('needs no post-mortem for an incident that never went above SEV3', async () => {
    fixture.journal.append(incident.id, { kind: 'severity_changed', text: '', data: { from: null, to: 'SEV3' } });
    fixture.journal.append(incident.id, { kind: 'status_changed', text: '', data: { from: 'detected', to: 'resolved' } });
    expect(await postmortem['postmortem.get']!({ incidentId: incident.id })).toMatchObject({ required: false, dueAt: null });
  });

  it('counts business days across weekends', () => {
    expect(addBusinessDays(new Date('2026-03-16T10:00:00Z'), 5).toISOString()).toBe('2026-03-23T10:00:00.000Z'); // Mon → Mon
    expect(addBusinessDays(new Date('2026-03-21T10:00:00Z'), 5).toISOString()).toBe('2026-03-27T10:00:00.000Z'); // Sat → Fri
  });
});
