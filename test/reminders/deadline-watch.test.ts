import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import bundledRunbook from '../../resources/runbooks/powernode.json';
import { AdjustableClock } from '../../src/main/core/clock';
import { EventBus } from '../../src/main/core/event-bus';
import { createJournalService, JOURNAL_FILE_NAME } from '../../src/main/core/journal/journal-service';
import type { DesktopNotification } from '../../src/main/core/notifier';
import { AcknowledgementReminders } from '../../src/main/core/reminders/acknowledgement-reminders';
import { UpdateReminders } from '../../src/main/core/reminders/update-reminders';
import { validateRunbook } from '../../src/main/core/runbook/runbook-loader';
import type { SeverityLevel } from '../../src/shared/runbook';
import { createJournalFixture, type JournalFixture } from '../journal/journal-fixture';

const MIN = 60_000;
const severities = validateRunbook(bundledRunbook, 'bundled').severities;

describe('the deadline watch behind both reminders', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  const journalFixture = (): JournalFixture => {
    const fixture = createJournalFixture('alice');
    cleanups.push(() => fixture.dispose());
    return fixture;
  };

  it('counts a deadline again when another runbook brings another table, without a new entry', () => {
    const fixture = journalFixture();
    let table: readonly SeverityLevel[] = severities;
    const notified: DesktopNotification[] = [];
    const reminders = new UpdateReminders({
      journal: fixture.journal,
      cadenceLevels: () => table,
      clock: fixture.clock,
      events: new EventBus(),
      notifier: { notify: (note) => notified.push(note) },
    });
    const incident = fixture.journal.createIncident({ title: 'Search slow', detectedBy: 'alert' });
    fixture.journal.append(incident.id, { kind: 'severity_changed', text: '', data: { from: null, to: 'SEV2' } });

    fixture.clock.advance(10 * MIN);
    expect(reminders.check()).toEqual([]); // SEV2: due at 09:30
    table = severities.map((level) => (level.id === 'SEV2' ? { ...level, updateEveryMs: 10 * MIN } : level));
    expect(reminders.check().map((due) => due.dueAt)).toEqual(['2026-03-15T09:10:00.000Z']);
    expect(notified.map((note) => note.title)).toEqual(['Update due: Search slow']);
  });

  it('says nothing, and does not throw, while the journal cannot be read', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'incident-console-reminders-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    writeFileSync(join(dataDir, JOURNAL_FILE_NAME), 'this is not a SQLite database, and it is long enough to be looked at as one');
    const clock = AdjustableClock.frozen(new Date('2026-03-15T09:00:00.000Z'));
    const service = createJournalService({ dataDir, clock, operator: 'alice', events: new EventBus() });
    cleanups.push(() => service.close());
    expect(service.status.available).toBe(false);

    const notified: DesktopNotification[] = [];
    const notifier = { notify: (note: DesktopNotification) => notified.push(note) };
    const updates = new UpdateReminders({ journal: service.port, clock, events: new EventBus(), notifier });
    const acknowledgements = new AcknowledgementReminders({ journal: service.port, severities: () => severities, clock, notifier });
    clock.advance(120 * MIN);
    expect(updates.check()).toEqual([]);
    expect(acknowledgements.check()).toEqual([]);
    expect(notified).toEqual([]);
  });
});
