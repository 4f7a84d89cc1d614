import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import bundledRunbook from '../../resources/runbooks/powernode.json';
import type { DesktopNotification } from '../../src/main/core/notifier';
import { AcknowledgementReminders } from '../../src/main/core/reminders/acknowledgement-reminders';
import type { Incident, Severity } from '../../src/shared/model';
import { validateRunbook } from '../../src/main/core/runbook/runbook-loader';
import { createJournalFixture, type JournalFixture } from '../journal/journal-fixture';

const MIN = 60_000;
const severities = validateRunbook(bundledRunbook, 'bundled').severities;

describe('acknowledgement target reminders', () => {
  let fixture: JournalFixture;
  let notified: DesktopNotification[];
  let reminders: AcknowledgementReminders;
  let incident: Incident;

  beforeEach(() => {
    fixture = createJournalFixture('alice');
    notified = [];
    reminders = new AcknowledgementReminders({
      journal: fixture.journal,
      severities: () => severities,
      clock: fixture.clock,
      notifier: { notify: (notification) => notified.push(notification) },
    });
    incident = fixture.journal.createIncident({ title: 'Agents looping', detectedBy: 'alert' });
  });
  afterEach(() => fixture.dispose());

  const setSeverity = (from: Severity | null, to: Severity) =>
    fixture.journal.append(incident.id, { kind: 'severity_changed', text: 'triage', data: { from, to } });

  it('says nothing before a severity is set', () => {
    fixture.clock.advance(120 * MIN);
    expect(reminders.check()).toEqual([]);
  });

  it('notifies once when the SEV2 target (15 min) passes unacknowledged, naming the incident', () => {
    setSeverity(null, 'SEV2');
    fixture.clock.advance(14 * MIN);
    expect(reminders.check()).toEqual([]);
    fixture.clock.advance(1 * MIN);
    expect(reminders.check()).toEqual([incident.id]);
    expect(notified).toEqual([expect.objectContaining({ level: 'error', title: 'Acknowledge: Agents looping', incidentId: incident.id })]);
    expect(notified[0]!.body).toContain('SEV2 acknowledgement target passed at 09:15 UTC');
    fixture.clock.advance(10 * MIN);
    expect(reminders.check()).toEqual([]);
  });

  it('restarts with the new target on an upgrade, and stops once acknowledged', () => {
    setSeverity(null, 'SEV3');
    fixture.clock.advance(10 * MIN);
    setSeverity('SEV3', 'SEV1');
    fixture.clock.advance(5 * MIN);
    expect(reminders.check()).toEqual([incident.id]);
    expect(notified[0]!.body).toContain('SEV1');
    setSeverity('SEV1', 'SEV2');
    fixture.journal.append(incident.id, { kind: 'acknowledged', text: '', data: { severity: 'SEV2', targetMs: 15 * MIN, elapsedMs: 0 } });
    fixture.clock.advance(60 * MIN);
    expect(reminders.check()).toEqual([]);
    expect(notified).toHaveLength(1);
  });
});
