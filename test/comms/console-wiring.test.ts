import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/core/dispatch';
import { Journal } from '../../src/main/core/journal/journal';
import { JOURNAL_FILE_NAME } from '../../src/main/core/journal/journal-service';
import type { UpdateDue } from '../../src/shared/comms-schemas';
import { createTestConsole, type TestConsole } from '../support/console';

describe('comms and post-mortem in the whole core', () => {
  let testConsole: TestConsole;
  let other: Journal;

  beforeEach(async () => {
    testConsole = await createTestConsole();
    // Another writer on the same journal file stands in for the triage flow (its UI is elsewhere).
    other = new Journal({ path: join(testConsole.dataDir, JOURNAL_FILE_NAME), clock: testConsole.clock, author: 'triage' });
  });
  afterEach(async () => {
    other.close();
    await testConsole.dispose();
  });

  it('counts the update clock through the indexed query and announces a due update once', async () => {
    const { handlers, reminders, events } = testConsole.core;
    const due: UpdateDue[] = [];
    events.subscribe((name, payload) => name === 'comms.updateDue' && due.push(payload as UpdateDue));
    const incident = await handlers['incidents.create']({ title: 'Worker queue stuck', detectedBy: 'alert' });
    other.append(incident.id, { kind: 'severity_changed', text: '', data: { from: null, to: 'SEV2' } });
    for (let i = 0; i < 30; i += 1) await handlers['journal.append']({ incidentId: incident.id, kind: 'note', text: `note ${i}` });

    testConsole.clock.advance(10 * 60_000);
    await handlers['comms.recordUpdate']({
      incidentId: incident.id,
      text: 'SEV2: queue stuck, restarting workers',
      channel: 'incident channel',
      audience: 'internal',
    });
    const cadence = await handlers['comms.cadence']({ incidentId: incident.id });
    expect(cadence).toMatchObject({ severity: 'SEV2', countingFromWhat: 'last_update', nextUpdateDueAt: '2026-03-15T09:40:00.000Z', overdue: false });

    testConsole.clock.advance(30 * 60_000);
    expect(reminders.check().map((item) => item.dueAt)).toEqual(['2026-03-15T09:40:00.000Z']);
    expect(reminders.check()).toEqual([]);
    expect(due).toHaveLength(1);
    expect(await handlers['comms.cadence']({ incidentId: incident.id })).toMatchObject({ overdue: true });
  });

  it('follows the runbook triage has active: loading one with another cadence changes the clock', async () => {
    const { handlers } = testConsole.core;
    const incident = await handlers['incidents.create']({ title: 'Slow search', detectedBy: 'alert' });
    other.append(incident.id, { kind: 'severity_changed', text: '', data: { from: null, to: 'SEV2' } });
    expect(await handlers['comms.cadence']({ incidentId: incident.id })).toMatchObject({ cadenceMs: 30 * 60_000, channel: 'Incident channel' });

    const runbook = JSON.parse(readFileSync('resources/runbooks/powernode.json', 'utf8')) as {
      severities: Array<{ id: string; updateEveryMs: number | null; updateChannel: string | null }>;
    };
    const sev2 = runbook.severities.find((level) => level.id === 'SEV2')!;
    sev2.updateEveryMs = 10 * 60_000;
    sev2.updateChannel = 'Status bridge';
    const path = join(testConsole.dataDir, 'faster-runbook.json');
    writeFileSync(path, JSON.stringify(runbook));
    await handlers['runbook.load']({ path });
    expect(await handlers['comms.cadence']({ incidentId: incident.id })).toMatchObject({
      cadenceMs: 10 * 60_000,
      channel: 'Status bridge',
      nextUpdateDueAt: '2026-03-15T09:10:00.000Z',
    });
  });

  it('answers the contract for post-mortem methods (parsed by dispatch)', async () => {
    const { handlers } = testConsole.core;
    const incident = await handlers['incidents.create']({ title: 'Disk full on db-1', detectedBy: 'engineer noticed' });
    const state = await dispatch(handlers, 'postmortem.get', { incidentId: incident.id });
    expect(state.ok).toBe(true);
    expect(state.ok && state.result).toMatchObject({
      required: false,
      dueAt: null,
      actionItems: [],
      fields: {},
      defaultFolder: join(testConsole.dataDir, 'exports', incident.id),
      lastExport: null,
    });
    const exported = await dispatch(handlers, 'postmortem.export', { incidentId: incident.id });
    expect(exported.ok, JSON.stringify(exported)).toBe(true);
    const result = (exported as { result: { files: Array<{ name: string }> } }).result;
    expect(result.files.map((file) => file.name)).toEqual(['postmortem.md', 'timeline-bundle.json', 'postmortem.html', 'verify.html', 'verify-bundle.mjs']);
    const refused = await dispatch(handlers, 'comms.recordUpdate', { incidentId: incident.id, text: '   ', channel: 'x' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await handlers['postmortem.get']({ incidentId: incident.id })).lastExport?.files).toEqual([
      'postmortem.md',
      'timeline-bundle.json',
      'postmortem.html',
      'verify.html',
      'verify-bundle.mjs',
    ]);
  });
});
