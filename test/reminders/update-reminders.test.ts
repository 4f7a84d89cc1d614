import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCommsHandlers } from '../../src/main/core/comms/comms-service';
import { UpdateReminders } from '../../src/main/core/reminders/update-reminders';
import { EventBus } from '../../src/main/core/event-bus';
import type { DesktopNotification } from '../../src/main/core/notifier';
import type { UpdateCadence, UpdateDue } from '../../src/shared/comms-schemas';
import type { Incident } from '../../src/shared/model';
import { createJournalFixture, type JournalFixture } from '../journal/journal-fixture';

const MIN = 60_000;

describe('update cadence and reminders', () => {
  let fixture: JournalFixture;
  let events: EventBus;
  let pushed: UpdateDue[];
  let sunk: DesktopNotification[];
  let reminders: UpdateReminders;
  let incident: Incident;
  let comms: ReturnType<typeof createCommsHandlers>;

  beforeEach(() => {
    fixture = createJournalFixture('alice');
    events = new EventBus();
    pushed = [];
    sunk = [];
    events.subscribe((name, payload) => {
      if (name === 'comms.updateDue') pushed.push(payload as UpdateDue);
    });
    reminders = new UpdateReminders({
      journal: fixture.journal,
      clock: fixture.clock,
      events,
      notifier: { notify: (notification) => sunk.push(notification) },
    });
    comms = createCommsHandlers({ journal: fixture.journal, clock: fixture.clock, dataDir: fixture.dir });
    incident = fixture.journal.createIncident({ title: 'Queue backlog', detectedBy: 'alert' });
  });
  afterEach(() => {
    reminders.stop();
    fixture.dispose();
  });

  const setSeverity = (from: Incident['severity'], to: NonNullable<Incident['severity']>) =>
    fixture.journal.append(incident.id, { kind: 'severity_changed', text: '', data: { from, to } });
  const cadence = () => comms['comms.cadence']!({ incidentId: incident.id }) as UpdateCadence;

  it('has no cadence before a severity is set, and none for SEV4', () => {
    expect(cadence()).toMatchObject({ cadenceMs: null, nextUpdateDueAt: null, overdue: false });
    setSeverity(null, 'SEV4');
    fixture.clock.advance(300 * MIN);
    expect(cadence()).toMatchObject({ cadenceMs: null, nextUpdateDueAt: null });
    expect(reminders.check()).toEqual([]);
  });

  it('counts SEV1 updates every 15 minutes from the severity change, then from the last internal update', async () => {
    fixture.clock.advance(2 * MIN);
    setSeverity(null, 'SEV1');
    expect(cadence()).toMatchObject({ cadenceMs: 15 * MIN, countingFromWhat: 'severity_change', nextUpdateDueAt: '2026-03-15T09:17:00.000Z', overdue: false });

    fixture.clock.advance(10 * MIN);
    const entry = await comms['comms.recordUpdate']!({
      incidentId: incident.id,
      text: 'SEV1: investigating queue backlog',
      channel: 'war-room',
      audience: 'internal',
    });
    expect(entry).toMatchObject({ kind: 'comms_sent', text: 'SEV1: investigating queue backlog', data: { audience: 'internal', channel: 'war-room' } });
    expect(cadence()).toMatchObject({
      countingFromWhat: 'last_update',
      nextUpdateDueAt: '2026-03-15T09:27:00.000Z',
      lastUpdate: { at: '2026-03-15T09:12:00.000Z', channel: 'war-room', text: 'SEV1: investigating queue backlog' },
    });

    // A customer update does not restart the internal clock.
    fixture.clock.advance(5 * MIN);
    await comms['comms.recordUpdate']!({ incidentId: incident.id, text: 'Hi, …', channel: 'email', audience: 'customer', subject: 'Service incident' });
    expect(cadence().nextUpdateDueAt).toBe('2026-03-15T09:27:00.000Z');
  });

  it('uses the cadence of the current severity (SEV2 30 min, SEV3 hourly)', () => {
    setSeverity(null, 'SEV2');
    expect(cadence().cadenceMs).toBe(30 * MIN);
    setSeverity('SEV2', 'SEV3');
    expect(cadence().cadenceMs).toBe(60 * MIN);
  });

  it('pushes one reminder per due time (event and notification), and again after the next interval', async () => {
    setSeverity(null, 'SEV2');
    fixture.clock.advance(29 * MIN);
    expect(reminders.check()).toEqual([]);
    fixture.clock.advance(1 * MIN);
    const due = { incidentId: incident.id, incidentTitle: 'Queue backlog', severity: 'SEV2', dueAt: '2026-03-15T09:30:00.000Z' };
    expect(reminders.check()).toEqual([due]);
    expect(pushed).toEqual([due]);
    expect(sunk).toEqual([expect.objectContaining({ level: 'warning', title: 'Update due: Queue backlog', incidentId: incident.id })]);
    expect(sunk[0]!.body).toMatch(/Internal update due for "Queue backlog" \(SEV2\)/);
    fixture.clock.advance(5 * MIN);
    expect(reminders.check()).toEqual([]);

    await comms['comms.recordUpdate']!({ incidentId: incident.id, text: 'Update 1', channel: 'incident channel', audience: 'internal' });
    fixture.clock.advance(29 * MIN);
    expect(reminders.check()).toEqual([]);
    fixture.clock.advance(1 * MIN);
    expect(reminders.check().map((item) => item.dueAt)).toEqual(['2026-03-15T10:05:00.000Z']);
    expect(cadence().overdue).toBe(true);
  });

  it('stops reminding once the incident is resolved', () => {
    setSeverity(null, 'SEV1');
    fixture.journal.append(incident.id, { kind: 'status_changed', text: '', data: { from: 'detected', to: 'resolved' } });
    fixture.clock.advance(60 * MIN);
    expect(reminders.check()).toEqual([]);
    expect(cadence().nextUpdateDueAt).toBeNull();
  });

  it('reads the cadence from the runbook data it is given (a loaded runbook changes it)', () => {
    const levels = [
      { id: 'SEV1' as const, updateEveryMs: 5 * MIN, updateChannel: 'Bridge call' },
      { id: 'SEV2' as const, updateEveryMs: null, updateChannel: null },
    ];
    const custom = createCommsHandlers({ journal: fixture.journal, clock: fixture.clock, dataDir: fixture.dir, cadenceLevels: () => levels });
    setSeverity(null, 'SEV1');
    expect(custom['comms.cadence']!({ incidentId: incident.id })).toMatchObject({
      cadenceMs: 5 * MIN,
      channel: 'Bridge call',
      nextUpdateDueAt: '2026-03-15T09:05:00.000Z',
    });
    expect(cadence()).toMatchObject({ cadenceMs: 15 * MIN, channel: 'War-room' });
    setSeverity('SEV1', 'SEV2');
    expect(custom['comms.cadence']!({ incidentId: incident.id })).toMatchObject({ cadenceMs: null, nextUpdateDueAt: null });
  });

  it('fires from its own timer with the injected clock (no network involved)', async () => {
    setSeverity(null, 'SEV1');
    fixture.clock.advance(15 * MIN);
    reminders.start(20);
    await expect.poll(() => pushed.length, { timeout: 2_000 }).toBe(1);
  });
});
