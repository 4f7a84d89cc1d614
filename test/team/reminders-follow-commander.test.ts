import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import bundledRunbook from '../../resources/runbooks/powernode.json';
import { EventBus } from '../../src/main/core/event-bus';
import type { DesktopNotification } from '../../src/main/core/notifier';
import { AcknowledgementReminders } from '../../src/main/core/reminders/acknowledgement-reminders';
import { UpdateReminders } from '../../src/main/core/reminders/update-reminders';
import { validateRunbook } from '../../src/main/core/runbook/runbook-loader';
import type { Incident } from '../../src/shared/model';
import { twoConsoles, type TestConsole } from './team-fixture';

const MIN = 60_000;
const severities = validateRunbook(bundledRunbook, 'bundled').severities;

/** A console's real reminders (acknowledgement and update), over its own journal connection and clock, gated by its team service. */
function remindersOf(console: TestConsole) {
  const notified: DesktopNotification[] = [];
  const notifier = { notify: (notification: DesktopNotification) => notified.push(notification) };
  const deps = { journal: console.journal, clock: console.clock, notifier, remindsHere: console.team.remindsHere };
  const acknowledgement = new AcknowledgementReminders({ ...deps, severities: () => severities });
  const update = new UpdateReminders({ ...deps, events: new EventBus(), cadenceLevels: () => severities });
  return {
    notified,
    /** The titles of what this check raised. */
    check: () => {
      acknowledgement.check();
      update.check();
      const titles = notified.map((notification) => notification.title);
      notified.length = 0;
      return titles;
    },
  };
}

describe('acknowledgement and update reminders go to whoever is commander now', () => {
  let consoles: ReturnType<typeof twoConsoles>;
  let incident: Incident;
  let alice: ReturnType<typeof remindersOf>;
  let sam: ReturnType<typeof remindersOf>;
  const advance = (ms: number) => {
    consoles.alice.clock.advance(ms);
    consoles.sam.clock.advance(ms);
  };

  beforeEach(() => {
    consoles = twoConsoles();
    incident = consoles.alice.journal.createIncident({ title: 'Checkout 500s', detectedBy: 'alert' });
    consoles.alice.journal.append(incident.id, { kind: 'severity_changed', text: 'triage', data: { from: null, to: 'SEV1' } });
    alice = remindersOf(consoles.alice);
    sam = remindersOf(consoles.sam);
  });
  afterEach(() => consoles.dispose());

  it('with nobody in command, every console reminds its own operator, as before roles', async () => {
    // SEV1: acknowledge within 5 minutes.
    advance(5 * MIN);
    expect(alice.check()).toEqual(['Acknowledge: Checkout 500s']);
    expect(sam.check()).toEqual(['Acknowledge: Checkout 500s']);
  });

  it('only the commander console raises them; a handover moves them, a deadline already passed included', async () => {
    await consoles.alice.team.handlers['team.assignRole']({ incidentId: incident.id, role: 'commander', responder: { name: 'alice' } });
    advance(5 * MIN);
    expect(alice.check()).toEqual(['Acknowledge: Checkout 500s']);
    expect(sam.check()).toEqual([]);

    consoles.alice.journal.append(incident.id, { kind: 'acknowledged', text: '', data: { severity: 'SEV1', targetMs: 5 * MIN, elapsedMs: 5 * MIN } });
    // The SEV1 update cadence is 15 minutes from the severity change: 09:15.
    advance(10 * MIN);
    expect(alice.check()).toEqual(['Update due: Checkout 500s']);
    expect(sam.check()).toEqual([]);

    // alice hands command to sam: his console now owes the update that is overdue, hers stops.
    await consoles.alice.team.handlers['team.handOver']({ incidentId: incident.id, to: { name: 'sam' }, reason: 'shift change' });
    expect(sam.check()).toEqual(['Update due: Checkout 500s']);
    expect(sam.check()).toEqual([]);
    consoles.sam.journal.append(incident.id, {
      kind: 'comms_sent',
      text: 'Investigating checkout errors.',
      data: { audience: 'internal', channel: '#war-room' },
    });
    advance(15 * MIN);
    expect(sam.check()).toEqual(['Update due: Checkout 500s']);
    expect(alice.check()).toEqual([]);

    // sam hands it back: the next one is alice's again.
    await consoles.sam.team.handlers['team.handOver']({ incidentId: incident.id, to: { name: 'alice' } });
    consoles.alice.journal.append(incident.id, { kind: 'comms_sent', text: 'Mitigation in progress.', data: { audience: 'internal', channel: '#war-room' } });
    advance(15 * MIN);
    expect(sam.check()).toEqual([]);
    expect(alice.check()).toEqual(['Update due: Checkout 500s']);
  });

  it('a released command puts every console back to reminding its own operator', async () => {
    await consoles.alice.team.handlers['team.assignRole']({ incidentId: incident.id, role: 'commander', responder: { name: 'sam' } });
    advance(5 * MIN);
    expect(alice.check()).toEqual([]);
    await consoles.sam.team.handlers['team.releaseRole']({ incidentId: incident.id, role: 'commander', responder: { name: 'sam' } });
    expect(alice.check()).toEqual(['Acknowledge: Checkout 500s']);
    expect(sam.check()).toEqual(['Acknowledge: Checkout 500s']);
  });
});
