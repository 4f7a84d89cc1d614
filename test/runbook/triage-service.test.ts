import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import { dispatch } from '../../src/main/core/dispatch';
import { createTestConsole, type TestConsole } from '../support/console';

let tc: TestConsole;
let dir: string;
beforeEach(async () => {
  tc = await createTestConsole(new Date('2026-03-16T10:00:00.000Z'));
  dir = mkdtempSync(join(tmpdir(), 'incident-console-runbook-'));
});
afterEach(async () => {
  await tc.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await dispatch(tc.core.handlers, method, input);
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.result as MethodOutput<M>;
}

const SECURITY_PATH = [
  { questionId: 'platform-misbehaving', answerId: 'agents-unwanted-actions' },
  { questionId: 'security-dimension', answerId: 'credentials' },
];

async function openIncident() {
  return call('incidents.create', { title: 'Agents deleting repos', detectedBy: 'alert' });
}

describe('runbook loading', () => {
  it('serves the bundled runbook', async () => {
    const info = await call('runbook.get', {});
    expect(info.origin).toEqual({ kind: 'bundled' });
    expect(info.runbook.sections[0]?.id).toBe('kill-switch');
  });

  it('loads another valid file and makes it the active runbook', async () => {
    const copy = JSON.parse(readFileSync('resources/runbooks/powernode.json', 'utf8'));
    copy.name = 'Staging runbook';
    const path = join(dir, 'staging.json');
    writeFileSync(path, JSON.stringify(copy));
    const loaded = await call('runbook.load', { path });
    expect(loaded).toMatchObject({ origin: { kind: 'file', path }, runbook: { name: 'Staging runbook' } });
    expect((await call('runbook.get', {})).runbook.name).toBe('Staging runbook');
  });

  it('refuses an invalid file with the schema path and the reason, and keeps the active runbook', async () => {
    const copy = JSON.parse(readFileSync('resources/runbooks/powernode.json', 'utf8'));
    copy.sections[3].steps[1].command = { id: 'foo' };
    const path = join(dir, 'broken.json');
    writeFileSync(path, JSON.stringify(copy));
    await expect(call('runbook.load', { path })).rejects.toMatchObject({
      code: 'RUNBOOK_INVALID',
      message: expect.stringContaining('sections[3].steps[1].command: unknown command id "foo"'),
      issues: expect.arrayContaining([{ path: 'sections[3].steps[1].command', message: 'unknown command id "foo"' }]),
    });
    expect((await call('runbook.get', {})).origin).toEqual({ kind: 'bundled' });
  });

  it('says plainly when the file is missing or not JSON', async () => {
    await expect(call('runbook.load', { path: join(dir, 'nope.json') })).rejects.toMatchObject({
      code: 'RUNBOOK_UNREADABLE',
      message: expect.stringContaining('no such file'),
    });
    writeFileSync(join(dir, 'bad.json'), '{ "version": 1,');
    await expect(call('runbook.load', { path: join(dir, 'bad.json') })).rejects.toMatchObject({
      code: 'RUNBOOK_INVALID',
      message: expect.stringContaining('is not JSON'),
    });
  });
});

describe('severity, acknowledgement and checklists in the real journal', () => {
  it('journals the severity with the path, suggestion and sections re-walked in main', async () => {
    const incident = await openIncident();
    const updated = await call('triage.setSeverity', { incidentId: incident.id, severity: 'SEV1', answers: SECURITY_PATH });
    expect(updated.severity).toBe('SEV1');
    const [entry] = (await call('journal.entries', { incidentId: incident.id, kinds: ['severity_changed'] })).entries;
    expect(entry?.data).toEqual({
      from: null,
      to: 'SEV1',
      triage: {
        path: [
          {
            questionId: 'platform-misbehaving',
            question: 'Is the platform doing something it should not be doing right now?',
            answerId: 'agents-unwanted-actions',
            answer: 'Yes — agents are taking unwanted actions',
          },
          {
            questionId: 'security-dimension',
            question: 'Is there a security dimension (auth bypass, data exfiltration, code execution, key disclosure)?',
            answerId: 'credentials',
            answer: 'Yes — a security dimension: auth bypass, key or credential disclosure',
          },
        ],
        suggested: 'SEV1',
        sections: ['kill-switch', 'credential-leak', 'ai-agent-misbehaviour', 'communications'],
      },
    });
    expect(entry?.text).toBe('SEV1 set from triage (suggested SEV1)');
  });

  it('wants a reason for an under-call and for every later change, up or down', async () => {
    const incident = await openIncident();
    await expect(call('triage.setSeverity', { incidentId: incident.id, severity: 'SEV3', answers: SECURITY_PATH })).rejects.toMatchObject({
      code: 'REASON_REQUIRED',
      message: expect.stringContaining('under-call'),
    });
    await call('triage.setSeverity', { incidentId: incident.id, severity: 'SEV2', answers: SECURITY_PATH, reason: 'Only a staging key leaked' });
    await expect(call('triage.setSeverity', { incidentId: incident.id, severity: 'SEV3' })).rejects.toMatchObject({
      code: 'REASON_REQUIRED',
      message: 'Downgrading from SEV2 to SEV3 needs a reason for the journal',
    });
    await expect(call('triage.setSeverity', { incidentId: incident.id, severity: 'SEV1', reason: '  ' })).rejects.toMatchObject({ code: 'REASON_REQUIRED' });
    await expect(call('triage.setSeverity', { incidentId: incident.id, severity: 'SEV2', reason: 'same' })).rejects.toMatchObject({
      code: 'SEVERITY_UNCHANGED',
    });
    tc.clock.advance(60_000);
    await call('triage.setSeverity', { incidentId: incident.id, severity: 'SEV3', reason: 'Contained: key revoked' });
    const status = await call('triage.status', { incidentId: incident.id });
    expect(status.periods.map((period) => [period.severity, period.reason])).toEqual([
      ['SEV2', 'Only a staging key leaked'],
      ['SEV3', 'Contained: key revoked'],
    ]);
    expect(status.timeIn).toEqual({ SEV2: 60_000, SEV3: 0 });
  });

  it('refuses an unfinished or made-up triage path', async () => {
    const incident = await openIncident();
    await expect(call('triage.setSeverity', { incidentId: incident.id, severity: 'SEV1', answers: SECURITY_PATH.slice(0, 1) })).rejects.toMatchObject({
      code: 'TRIAGE_INCOMPLETE',
    });
    await expect(
      call('triage.setSeverity', { incidentId: incident.id, severity: 'SEV1', answers: [{ questionId: 'impact', answerId: 'outage' }] }),
    ).rejects.toMatchObject({ code: 'TRIAGE_INCOMPLETE' });
  });

  it("acknowledges once, journaling who, the target and the elapsed time on main's clock", async () => {
    const incident = await openIncident();
    await call('triage.setSeverity', { incidentId: incident.id, severity: 'SEV1', answers: SECURITY_PATH });
    tc.clock.advance(6 * 60_000);
    const running = await call('triage.status', { incidentId: incident.id });
    expect(running.clock).toMatchObject({ severity: 'SEV1', targetMs: 300_000, deadline: '2026-03-16T10:05:00.000Z' });
    expect(running.now).toBe('2026-03-16T10:06:00.000Z');
    const acked = await call('triage.acknowledge', { incidentId: incident.id });
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedAt: '2026-03-16T10:06:00.000Z' });
    const [entry] = (await call('journal.entries', { incidentId: incident.id, kinds: ['acknowledged'] })).entries;
    expect(entry).toMatchObject({
      author: 'test-operator',
      text: 'Acknowledged at SEV1 (target missed)',
      data: { severity: 'SEV1', targetMs: 300_000, elapsedMs: 360_000 },
    });
    const after = await call('triage.status', { incidentId: incident.id });
    expect(after.clock).toBeNull();
    expect(after.acknowledgement).toMatchObject({ by: 'test-operator', elapsedMs: 360_000, targetMs: 300_000, met: false });
    await expect(call('triage.acknowledge', { incidentId: incident.id })).rejects.toMatchObject({ code: 'ALREADY_ACKNOWLEDGED' });
  });

  it('ticks and unticks checklist steps, the latest tick winning', async () => {
    const incident = await openIncident();
    await call('triage.setStep', { incidentId: incident.id, sectionId: 'worker-jobs-stuck', stepId: 'stop-start', done: true });
    tc.clock.advance(1000);
    const untick = await call('triage.setStep', { incidentId: incident.id, sectionId: 'worker-jobs-stuck', stepId: 'stop-start', done: false });
    expect(untick.text).toBe('Not done: Worker jobs stuck, step 3: Stuck worker: full stop, wait 30 s, start. Stop + start gives a clean state.');
    const status = await call('triage.status', { incidentId: incident.id });
    expect(status.checklist['worker-jobs-stuck/stop-start']).toEqual({ done: false, at: '2026-03-16T10:00:01.000Z', by: 'test-operator', seq: 3 });
    await expect(call('triage.setStep', { incidentId: incident.id, sectionId: 'worker-jobs-stuck', stepId: 'restart', done: true })).rejects.toMatchObject({
      code: 'UNKNOWN_STEP',
    });
  });
});

describe('a backdated severity', () => {
  it('starts the acknowledgement clock when it was decided, within the incident and never in the future', async () => {
    const incident = await call('incidents.create', { title: 'Paged on the phone', detectedBy: 'alert', startedAt: '2026-03-16T09:50:00.000Z' });
    await expect(call('triage.setSeverity', { incidentId: incident.id, severity: 'SEV2', occurredAt: '2026-03-16T09:40:00.000Z' })).rejects.toMatchObject({
      code: 'BAD_TIME',
    });
    await expect(call('triage.setSeverity', { incidentId: incident.id, severity: 'SEV2', occurredAt: '2026-03-16T10:00:01.000Z' })).rejects.toMatchObject({
      code: 'BAD_TIME',
    });
    await call('triage.setSeverity', { incidentId: incident.id, severity: 'SEV2', occurredAt: '2026-03-16T09:55:00.000Z' });
    const status = await call('triage.status', { incidentId: incident.id });
    expect(status.clock).toMatchObject({ origin: '2026-03-16T09:55:00.000Z', deadline: '2026-03-16T10:10:00.000Z' });
  });
});
