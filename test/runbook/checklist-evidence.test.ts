import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../src/main/core/clock';
import { Journal } from '../../src/main/core/journal/journal';
import { createTriageService, type TriageService } from '../../src/main/core/runbook/triage-service';
import type { EntryData } from '../../src/shared/model';

let dir: string;
let journal: Journal;
let clock: AdjustableClock;
let triage: TriageService;
let incidentId: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'incident-console-checklist-'));
  clock = AdjustableClock.frozen(new Date('2026-03-16T10:00:00.000Z'));
  journal = new Journal({ path: join(dir, 'journal.sqlite'), clock, author: 'alice' });
  triage = createTriageService({ clock, journal });
  incidentId = journal.createIncident({ title: 'Agents refunding twice', detectedBy: 'alert' }).id;
});
afterEach(() => {
  journal.close();
  rmSync(dir, { recursive: true, force: true });
});

const status = () => triage.handlers['triage.status']({ incidentId }) as Awaited<ReturnType<TriageService['handlers']['triage.status']>>;
const tick = (key: string) => status().checklist[key];

function killSwitch(data: Partial<EntryData<'killswitch_call'>>) {
  clock.advance(1000);
  return journal.append(incidentId, {
    kind: 'killswitch_call',
    text: 'Agents refunding twice',
    data: { action: 'halt', profile: 'prod', httpStatus: 200, ok: true, outcome: 'Platform halted', ...data },
  });
}

function commandRun(commandId: string, argv: string[], data: Partial<EntryData<'command_run'>> = {}) {
  clock.advance(1000);
  return journal.append(incidentId, {
    kind: 'command_run',
    text: argv.join(' '),
    data: {
      runId: `run-${Math.random()}`,
      commandId,
      host: 'db-1',
      argv,
      exitCode: 0,
      signal: null,
      outcome: 'succeeded',
      durationMs: 100,
      output: '',
      outputBytes: 0,
      outputTruncated: false,
      ...data,
    },
  });
}

describe('checklists that follow the journal', () => {
  it('a halt the server settled ticks every "engage the kill switch" step, linking to its entry; an unknown outcome ticks nothing', () => {
    killSwitch({ result: 'unknown', ok: false, httpStatus: null, outcome: 'sent, outcome unknown' });
    expect(tick('kill-switch/engage')).toBeUndefined();
    killSwitch({ result: 'refused', ok: false, httpStatus: 403, outcome: 'forbidden' });
    expect(tick('kill-switch/engage')).toBeUndefined();

    const halt = killSwitch({ result: 'confirmed', ok: true, serverEventId: 'evt-1', outcome: 'confirmed: halted' });
    expect(tick('kill-switch/engage')).toEqual({
      done: true,
      at: halt.recordedAt,
      by: 'alice',
      seq: halt.seq,
      via: { entryId: halt.id, seq: halt.seq, summary: 'platform halted on prod' },
    });
    // The security and AI sections' "kill switch first" steps name the same action.
    expect(tick('credential-leak/kill-switch')?.via?.entryId).toBe(halt.id);
    expect(tick('ai-agent-misbehaviour/kill-switch-first')?.via?.entryId).toBe(halt.id);
    expect(tick('kill-switch/resume')).toBeUndefined();
    expect(status().sections).toEqual(expect.arrayContaining(['kill-switch', 'credential-leak', 'ai-agent-misbehaviour']));
  });

  it('a tick by hand still works, and the later of the hand and the journal wins', () => {
    killSwitch({ result: 'changed', serverEventId: 'evt-1' });
    triage.handlers['triage.setStep']({ incidentId, sectionId: 'kill-switch', stepId: 'engage', done: false });
    expect(tick('kill-switch/engage')).toMatchObject({ done: false, by: 'alice' });
    expect(tick('kill-switch/engage')?.via).toBeUndefined();
    const again = killSwitch({ result: 'observed', serverEventId: 'evt-2', by: 'robin <oncall@example.test>' });
    expect(tick('kill-switch/engage')).toMatchObject({ done: true, via: { entryId: again.id } });
    triage.handlers['triage.setStep']({ incidentId, sectionId: 'kill-switch', stepId: 'check-status', done: true });
    expect(tick('kill-switch/check-status')).toMatchObject({ done: true });
  });

  it('"already halted" (409) is the state the step asks for; a resume ticks the resume step', () => {
    killSwitch({ result: 'unchanged', httpStatus: 409, ok: false, outcome: 'already halted' });
    expect(tick('kill-switch/engage')?.via?.summary).toBe('already halted on prod');
    killSwitch({ action: 'resume', result: 'changed', serverEventId: 'evt-3', outcome: 'resumed' });
    expect(tick('kill-switch/resume')?.via?.summary).toBe('platform resumed on prod');
  });

  it('a diagnostic command ticks the step that names it with the same parameters; a change must have succeeded', () => {
    // worker-up and worker-web both run worker-status, on different units.
    commandRun('worker-status', ['systemctl', 'status', '--no-pager', 'powernode-worker-web@default'], { exitCode: 3, outcome: 'failed' });
    expect(tick('worker-jobs-stuck/worker-web')?.via?.summary).toBe('ran worker-status on db-1 (failed, exit 3)');
    expect(tick('worker-jobs-stuck/worker-up')).toBeUndefined();
    commandRun('redis-ping', ['redis-cli', '-h', '127.0.0.1', '-p', '6379', '-n', '1', 'PING'], { exitCode: null, outcome: 'could_not_start' });
    expect(tick('api-5xx/redis-ping')).toBeUndefined();

    // Backup taken: a change, ticked only once it succeeded.
    const dump = ['pg_dump', '-Fc', '-w', '-h', 'db-1', '-p', '5432', '-U', 'powernode', '-d', 'powernode', '-f', '/var/backups/incident_20260316_100000.dump'];
    commandRun('pg-backup', dump, { effect: 'change', exitCode: 1, outcome: 'failed' });
    expect(tick('data-exfiltration/snapshot-db')).toBeUndefined();
    const backup = commandRun('pg-backup', dump, { effect: 'change' });
    expect(tick('data-exfiltration/snapshot-db')).toMatchObject({ done: true, via: { entryId: backup.id } });
  });

  it('an update posted ticks the cadence step; a customer update the customers step', () => {
    clock.advance(1000);
    const internal = journal.append(incidentId, { kind: 'comms_sent', text: 'SEV1: investigating', data: { audience: 'internal', channel: 'war-room' } });
    expect(tick('communications/cadence')?.via).toEqual({ entryId: internal.id, seq: internal.seq, summary: 'update posted (war-room)' });
    expect(tick('communications/customers')).toBeUndefined();
    const customer = journal.append(incidentId, { kind: 'comms_sent', text: 'Dear customer', data: { audience: 'customer', channel: 'email' } });
    expect(tick('communications/customers')?.via?.entryId).toBe(customer.id);
  });

  it('a redacted entry shows nothing any more', () => {
    const halt = killSwitch({ result: 'changed', serverEventId: 'evt-1' });
    expect(tick('kill-switch/engage')?.via?.entryId).toBe(halt.id);
    journal.append(incidentId, { kind: 'redaction', text: 'wrong incident', data: {}, refersTo: halt.id });
    expect(tick('kill-switch/engage')).toBeUndefined();
  });

  it('a status read after every append says what a status read once at the end says', () => {
    const readEachTime = [
      () => killSwitch({ result: 'confirmed', ok: true, serverEventId: 'evt-1', outcome: 'confirmed: halted' }),
      () => commandRun('pg-backup', ['pg_dump', 'payments']),
      () => journal.append(incidentId, { kind: 'note', text: 'backup looks complete', data: {} }),
      () => killSwitch({ action: 'resume', result: 'confirmed', ok: true, serverEventId: 'evt-2', outcome: 'confirmed: resumed' }),
    ].map((append) => {
      append();
      return status();
    });
    const once = createTriageService({ clock, journal }).handlers['triage.status']({ incidentId });
    expect(readEachTime.at(-1)).toEqual(once);
    expect(readEachTime.at(-1)!.checklist['kill-switch/resume']?.done).toBe(true);
  });
});
