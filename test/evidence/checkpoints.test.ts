import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statementHash, witnessFingerprint } from '../../src/main/core/evidence/statements';
import { JOURNAL_FILE_NAME } from '../../src/main/core/journal/journal-service';
import { verifyBundleText } from '../../src/main/core/reports/bundle-verification';
import type { EntryData, Incident, TimelineEntry } from '../../src/shared/model';
import { describeReport } from '../../resources/verifier/verify-core.mjs';
import { answer, callOk } from '../support/call';
import { createTestConsole, type TestConsole } from '../support/console';
import { seedLegacyIncident } from './legacy-journal';

/**
 * When checkpoints are made, and what they state: at each moment the issue names (status change,
 * close, update posted, customer update, export, every 10 minutes while the record grows), each
 * one the chain's next entry, stating the chain just before it.
 */
let testConsole: TestConsole;
let incident: Incident;
const MINUTE = 60_000;
beforeEach(async () => {
  testConsole = await createTestConsole(new Date('2026-03-15T09:00:00.000Z'));
  await testConsole.core.evidence.ready();
  incident = await callOk(testConsole.core, 'incidents.create', { title: 'Queue backlog', detectedBy: 'alert' });
});
afterEach(() => testConsole.dispose());

const all = async (): Promise<TimelineEntry[]> => (await callOk(testConsole.core, 'journal.entries', { incidentId: incident.id, limit: 500 })).entries;
const kinds = async () =>
  (await all()).map((entry) => (entry.kind === 'checkpoint' ? `checkpoint:${(entry.data as EntryData<'checkpoint'>).statement.reason}` : entry.kind));
const note = (text: string) => callOk(testConsole.core, 'journal.append', { incidentId: incident.id, kind: 'note', text });
const settle = () => testConsole.core.evidence.settled();

describe('checkpoints at the moments that matter', () => {
  it('after every status change and on close, each stating the chain just before it, signed', async () => {
    await note('Workers stuck');
    await callOk(testConsole.core, 'incidents.setStatus', { incidentId: incident.id, status: 'acknowledged' });
    await settle();
    await callOk(testConsole.core, 'incidents.setStatus', { incidentId: incident.id, status: 'resolved' });
    await settle();
    expect(await kinds()).toEqual(['incident_opened', 'note', 'status_changed', 'checkpoint:status_changed', 'status_changed', 'checkpoint:closed']);
    const entries = await all();
    const status = await callOk(testConsole.core, 'evidence.status', {});
    for (const checkpoint of entries.filter((entry) => entry.kind === 'checkpoint')) {
      const { statement, signature } = checkpoint.data as EntryData<'checkpoint'>;
      const before = entries[checkpoint.seq - 2]!;
      expect(statement).toEqual({
        type: 'incident-console/checkpoint',
        v: 1,
        incident: incident.id,
        device: status.deviceId,
        keyFingerprint: status.key!.fingerprint,
        chainLength: checkpoint.seq - 1,
        headHash: before.hash,
        at: checkpoint.recordedAt,
        reason: statement.reason,
        others: [],
      });
      expect(checkpoint.prevHash).toBe(before.hash);
      expect(signature).toMatch(/^[A-Za-z0-9+/]{86}==$/);
      expect(checkpoint.text).toBe(
        `Checkpoint ${witnessFingerprint(statement)} (${statement.reason === 'closed' ? 'incident closed' : 'status change'}): entries 1–${checkpoint.seq - 1} signed by device key ${status.key!.short}`,
      );
    }
  });

  it('"Update posted" appends the fingerprint of the checkpoint made for it to the text, so its readers are witnesses', async () => {
    await note('Rolled back deploy 4521');
    const posted = await callOk(testConsole.core, 'comms.recordUpdate', {
      incidentId: incident.id,
      text: 'Rolled back, watching error rates.  \n',
      channel: 'war-room',
    });
    const checkpoint = (await all()).find((entry) => entry.id === (posted.data as EntryData<'comms_sent'>).checkpoint)!;
    const fingerprint = witnessFingerprint((checkpoint.data as EntryData<'checkpoint'>).statement);
    expect(posted.text).toBe(`Rolled back, watching error rates.\n\nJournal checkpoint: ${fingerprint}`);
    expect(posted.data).toEqual({ audience: 'internal', channel: 'war-room', witness: fingerprint, checkpoint: checkpoint.id });
    expect(checkpoint).toMatchObject({ seq: posted.seq - 1, data: { statement: { reason: 'update_posted', chainLength: posted.seq - 2 } } });
    // Posted again with nothing recorded since but the update itself: the update is new record, so a new checkpoint.
    const again = await callOk(testConsole.core, 'comms.recordUpdate', { incidentId: incident.id, text: 'No change.', channel: 'war-room' });
    expect((again.data as EntryData<'comms_sent'>).witness).not.toBe(fingerprint);
    expect(await kinds()).toEqual(['incident_opened', 'note', 'checkpoint:update_posted', 'comms_sent', 'checkpoint:update_posted', 'comms_sent']);
  });

  it('the customer update carries the latest checkpoint as its reference, and a checkpoint follows its sending', async () => {
    await note('Payments failing');
    const draft = await callOk(testConsole.core, 'comms.customerDraft', { incidentId: incident.id });
    expect(draft.witness).toMatchObject({ fingerprint: expect.stringMatching(/^IC-[0-9a-f]{8}$/), signed: true });
    expect(draft.body.trimEnd().split('\n').at(-1)).toBe(`Incident record reference: ${draft.witness!.fingerprint}`);
    // Drafting again with nothing recorded since quotes the same checkpoint; it does not make another.
    expect((await callOk(testConsole.core, 'comms.customerDraft', { incidentId: incident.id })).witness).toEqual(draft.witness);
    const sent = await callOk(testConsole.core, 'comms.recordUpdate', {
      incidentId: incident.id,
      text: `Subject: ${draft.subject}\n\n${draft.body}`,
      channel: 'email',
      audience: 'customer',
      subject: draft.subject,
    });
    expect(sent.data).toEqual({ audience: 'customer', channel: 'email', subject: draft.subject, witness: draft.witness!.fingerprint });
    expect(await kinds()).toEqual(['incident_opened', 'note', 'checkpoint:customer_update_drafted', 'comms_sent', 'checkpoint:customer_update_sent']);
  });

  it('at least every 10 minutes while the record grows, and never while it does not', async () => {
    const { clock } = testConsole;
    const interval = testConsole.core.evidence.interval;
    const intervalCheckpoints = async () => (await kinds()).filter((kind) => kind === 'checkpoint:interval').length;
    clock.advance(1 * MINUTE);
    await note('first symptom');
    clock.advance(8 * MINUTE);
    interval.check();
    await settle();
    expect(await intervalCheckpoints()).toBe(0);
    clock.advance(1 * MINUTE);
    interval.check();
    await settle();
    expect(await intervalCheckpoints()).toBe(1);
    // Quiet for half an hour: nothing new, so nothing to sign.
    clock.advance(30 * MINUTE);
    interval.check();
    await settle();
    expect(await intervalCheckpoints()).toBe(1);
    // An entry long after the last checkpoint is signed at the next check.
    await note('it is back');
    interval.check();
    await settle();
    expect((await kinds()).slice(-2)).toEqual(['note', 'checkpoint:interval']);
    // A steady stream: one checkpoint each 10 minutes, not one per entry.
    for (let minute = 0; minute < 30; minute += 1) {
      clock.advance(MINUTE);
      await note(`minute ${minute}`);
      interval.check();
      await settle();
    }
    expect(await intervalCheckpoints()).toBe(5);
  });

  it('a checkpoint cannot be redacted: it holds no incident text, and without it no signature could be checked', async () => {
    await callOk(testConsole.core, 'incidents.setStatus', { incidentId: incident.id, status: 'acknowledged' });
    await settle();
    const checkpoint = (await all()).find((entry) => entry.kind === 'checkpoint')!;
    expect(
      await answer(testConsole.core, 'journal.append', { incidentId: incident.id, kind: 'redaction', text: 'hide it', refersTo: checkpoint.id }),
    ).toMatchObject({
      ok: false,
      error: { message: 'A checkpoint entry cannot be redacted.' },
    });
  });

  it('the export makes its own checkpoint, which ends the bundle; the files name the key that signed it', async () => {
    await note('Rolled back');
    const folder = join(testConsole.dataDir, 'exports', 'x');
    const exported = await callOk(testConsole.core, 'postmortem.export', { incidentId: incident.id, folder });
    const status = await callOk(testConsole.core, 'evidence.status', {});
    const entries = await all();
    const checkpoint = entries.find((entry) => entry.kind === 'checkpoint')!;
    expect(exported).toMatchObject({
      checkpoint: { seq: checkpoint.seq, signed: true, fingerprint: witnessFingerprint((checkpoint.data as EntryData<'checkpoint'>).statement) },
    });
    expect(exported.keyFingerprint).toBe(status.key!.fingerprint);
    expect(entries.at(-1)).toMatchObject({
      kind: 'export_made',
      text: `Post-mortem exported to ${folder}, ending with checkpoint ${exported.checkpoint!.fingerprint}`,
    });
    const bundle = JSON.parse(readFileSync(join(folder, 'timeline-bundle.json'), 'utf8')) as { entries: TimelineEntry[]; exportedAt: string; devices: unknown };
    expect(bundle.entries.at(-1)!.id).toBe(checkpoint.id);
    expect(bundle.exportedAt).toBe(checkpoint.recordedAt);
    expect(bundle.devices).toEqual([{ deviceId: status.deviceId, keys: [{ publicKey: expect.any(String), fingerprint: status.key!.fingerprint }] }]);
    const markdown = readFileSync(join(folder, 'postmortem.md'), 'utf8');
    expect(markdown).toContain(
      `ending with the export's checkpoint #${checkpoint.seq} (${exported.checkpoint!.fingerprint}), signed by device key ${status.key!.short}`,
    );
    expect(readFileSync(join(folder, 'postmortem.html'), 'utf8')).toContain(`<dt>Device key</dt><dd class="key">${status.key!.short}</dd>`);
    expect(statementHash((checkpoint.data as EntryData<'checkpoint'>).statement)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('a journal written before device keys, exported by this console', () => {
  it('keeps verifying: its old entries are proven unchanged from the first checkpoint on, and the report says so', async () => {
    const legacy = await createTestConsole(new Date('2026-03-15T10:30:00.000Z'), {
      prepare: (dataDir) => seedLegacyIncident(join(dataDir, JOURNAL_FILE_NAME)),
    });
    try {
      await legacy.core.evidence.ready();
      const [old] = await callOk(legacy.core, 'incidents.list', {});
      const folder = join(legacy.dataDir, 'exports', 'legacy');
      const exported = await callOk(legacy.core, 'postmortem.export', { incidentId: old!.id, folder });
      const report = verifyBundleText(readFileSync(join(folder, 'timeline-bundle.json'), 'utf8'));
      expect(report).toMatchObject({ verdict: 'verified', failure: null, chain: { legacyEntries: old!.entryCount } });
      expect(describeReport(report).notProven).toContain(
        `Entries 1–${old!.entryCount} were written before this console had device keys: they are proven unchanged only since checkpoint #${exported.checkpoint!.seq} (2026-03-15T10:30:00.000Z).`,
      );
    } finally {
      await legacy.dispose();
    }
  });

  it('a journal that cannot be written still exports, and its bundle says why it has no checkpoint', async () => {
    await note('before the disk went read-only');
    await testConsole.core.close();
    chmodSync(join(testConsole.dataDir, JOURNAL_FILE_NAME), 0o444);
    const readOnly = await createTestConsole(new Date('2026-03-15T10:00:00.000Z'), { dataDir: testConsole.dataDir });
    try {
      const folder = join(readOnly.dataDir, 'exports', 'ro');
      const exported = await callOk(readOnly.core, 'postmortem.export', { incidentId: incident.id, folder });
      expect(exported).toMatchObject({ checkpoint: null, keyFingerprint: null, journalNote: expect.stringMatching(/not in the journal/) });
      const report = verifyBundleText(readFileSync(join(folder, 'timeline-bundle.json'), 'utf8'));
      expect(report).toMatchObject({
        verdict: 'limited',
        failure: null,
        exportCheckpoint: { because: expect.stringMatching(/^the journal could not be written: .*read-only/) },
      });
    } finally {
      chmodSync(join(testConsole.dataDir, JOURNAL_FILE_NAME), 0o644);
      await readOnly.core.close();
    }
    testConsole = await createTestConsole(new Date('2026-03-15T10:00:00.000Z'), { dataDir: testConsole.dataDir });
  });
});
