import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../src/shared/model';
import type { SeverityLevel } from '../../src/shared/runbook';
import { acknowledgementDeadline, deriveSeverityState, nextBusinessDay } from '../../src/shared/severity-timing';

const levels: SeverityLevel[] = [
  { id: 'SEV1', definition: 'x', acknowledgeWithin: 300_000, responders: 'all', updateEveryMs: 900_000, updateChannel: 'war-room' },
  { id: 'SEV2', definition: 'x', acknowledgeWithin: 900_000, responders: 'on-call', updateEveryMs: 1_800_000, updateChannel: 'channel' },
  { id: 'SEV3', definition: 'x', acknowledgeWithin: 3_600_000, responders: 'hours', updateEveryMs: 3_600_000, updateChannel: 'channel' },
  { id: 'SEV4', definition: 'x', acknowledgeWithin: 'next business day', responders: 'nbd', updateEveryMs: null, updateChannel: null },
];

const T0 = Date.parse('2026-03-16T10:00:00.000Z');
let seq = 0;
function entry(kind: TimelineEntry['kind'], atMs: number, data: Record<string, unknown>, text = '', author = 'alice'): TimelineEntry {
  seq += 1;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    incidentId: '00000000-0000-4000-8000-000000000000',
    seq,
    kind,
    author,
    recordedAt: new Date(atMs).toISOString(),
    occurredAt: null,
    refersTo: null,
    text,
    data,
    bodyHash: '',
    prevHash: '',
    hash: '',
    pinned: false,
    redacted: false,
    amendedBy: [],
  };
}
const min = 60_000;

describe('next business day', () => {
  // Built from local-time constructors, so these hold in any time zone the tests run in.
  it('is 09:00 local the next day on a weekday', () => {
    expect(nextBusinessDay(new Date(2026, 2, 16, 14, 30))).toEqual(new Date(2026, 2, 17, 9, 0)); // Mon → Tue
    expect(nextBusinessDay(new Date(2026, 2, 16, 0, 5))).toEqual(new Date(2026, 2, 17, 9, 0)); // early Monday still means Tuesday
  });
  it('skips the weekend from Friday, Saturday and Sunday', () => {
    expect(nextBusinessDay(new Date(2026, 2, 20, 16, 0))).toEqual(new Date(2026, 2, 23, 9, 0)); // Fri → Mon
    expect(nextBusinessDay(new Date(2026, 2, 21, 11, 0))).toEqual(new Date(2026, 2, 23, 9, 0)); // Sat → Mon
    expect(nextBusinessDay(new Date(2026, 2, 22, 23, 59))).toEqual(new Date(2026, 2, 23, 9, 0)); // Sun → Mon
  });
  it('crosses month and year ends', () => {
    expect(nextBusinessDay(new Date(2026, 11, 31, 12, 0))).toEqual(new Date(2027, 0, 1, 9, 0)); // Thu 31 Dec → Fri 1 Jan
    expect(nextBusinessDay(new Date(2027, 0, 29, 12, 0))).toEqual(new Date(2027, 1, 1, 9, 0)); // Fri 29 Jan → Mon 1 Feb
  });
  it('gives the deadline of each severity', () => {
    const origin = new Date(T0);
    expect(acknowledgementDeadline(levels[0]!, origin).getTime() - T0).toBe(5 * min);
    expect(acknowledgementDeadline(levels[1]!, origin).getTime() - T0).toBe(15 * min);
    expect(acknowledgementDeadline(levels[2]!, origin).getTime() - T0).toBe(60 * min);
    expect(acknowledgementDeadline(levels[3]!, origin)).toEqual(nextBusinessDay(origin));
  });
});

describe('severity state from the journal', () => {
  it('runs no clock before a severity is set', () => {
    const state = deriveSeverityState([entry('incident_opened', T0, {})], levels, new Date(T0 + min));
    expect(state).toMatchObject({ current: null, clock: null, acknowledgement: null, periods: [], timeIn: {} });
  });

  it('counts down from the severity change, restarts on a change before acknowledgement, and stops at acknowledgement', () => {
    const entries = [entry('incident_opened', T0, {}), entry('severity_changed', T0 + 2 * min, { from: null, to: 'SEV2' }, 'triage')];
    const before = deriveSeverityState(entries, levels, new Date(T0 + 3 * min));
    expect(before.clock).toEqual({
      severity: 'SEV2',
      origin: new Date(T0 + 2 * min).toISOString(),
      deadline: new Date(T0 + 17 * min).toISOString(),
      targetMs: 15 * min,
    });

    entries.push(entry('severity_changed', T0 + 4 * min, { from: 'SEV2', to: 'SEV1' }, 'customers down'));
    const upgraded = deriveSeverityState(entries, levels, new Date(T0 + 5 * min));
    expect(upgraded.clock?.deadline).toBe(new Date(T0 + 9 * min).toISOString());

    entries.push(entry('acknowledged', T0 + 11 * min, { severity: 'SEV1', targetMs: 5 * min, elapsedMs: 7 * min }, '', 'bob'));
    const acked = deriveSeverityState(entries, levels, new Date(T0 + 12 * min));
    expect(acked.clock).toBeNull();
    expect(acked.acknowledgement).toEqual({
      at: new Date(T0 + 11 * min).toISOString(),
      by: 'bob',
      severity: 'SEV1',
      elapsedMs: 7 * min,
      targetMs: 5 * min,
      met: false,
    });
  });

  it('adds up the time spent in each severity, the open one up to now, and keeps reasons', () => {
    const entries = [
      entry('incident_opened', T0, {}),
      entry('severity_changed', T0, { from: null, to: 'SEV1' }, 'triage'),
      entry('acknowledged', T0 + 3 * min, { severity: 'SEV1', targetMs: 5 * min, elapsedMs: 3 * min }),
      entry('severity_changed', T0 + 30 * min, { from: 'SEV1', to: 'SEV3' }, 'contained'),
      entry('severity_changed', T0 + 50 * min, { from: 'SEV3', to: 'SEV1' }, 'it came back'),
    ];
    const state = deriveSeverityState(entries, levels, new Date(T0 + 60 * min));
    expect(state.current).toBe('SEV1');
    expect(state.timeIn).toEqual({ SEV1: 40 * min, SEV3: 20 * min });
    expect(state.periods.map((period) => [period.severity, period.reason, period.ms])).toEqual([
      ['SEV1', 'triage', 30 * min],
      ['SEV3', 'contained', 20 * min],
      ['SEV1', 'it came back', 10 * min],
    ]);
    expect(state.acknowledgement).toMatchObject({ elapsedMs: 3 * min, targetMs: 5 * min, met: true });
    expect(state.clock).toBeNull(); // a later upgrade does not ask for a second acknowledgement
  });

  it('uses a backdated severity change at its stated time', () => {
    const change = entry('severity_changed', T0 + 10 * min, { from: null, to: 'SEV3' });
    change.occurredAt = new Date(T0).toISOString();
    const state = deriveSeverityState([change], levels, new Date(T0 + 10 * min));
    expect(state.clock?.deadline).toBe(new Date(T0 + 60 * min).toISOString());
  });

  it('stops the clock when the status moves on without an acknowledgement entry', () => {
    const entries = [
      entry('severity_changed', T0, { from: null, to: 'SEV2' }),
      entry('status_changed', T0 + 20 * min, { from: 'detected', to: 'mitigated' }, '', 'carol'),
    ];
    const state = deriveSeverityState(entries, levels, new Date(T0 + 30 * min));
    expect(state.clock).toBeNull();
    expect(state.acknowledgement).toMatchObject({ by: 'carol', elapsedMs: 20 * min, targetMs: 15 * min, met: false });
  });

  it('keeps the latest tick per checklist step and the sections triage landed in', () => {
    const entries = [
      entry('severity_changed', T0, { from: null, to: 'SEV1', triage: { path: [], suggested: 'SEV1', sections: ['kill-switch', 'credential-leak'] } }),
      entry('checklist_step', T0 + min, { sectionId: 'kill-switch', stepId: 'engage', done: true }),
      entry('checklist_step', T0 + 2 * min, { sectionId: 'api-5xx', stepId: 'service-status', done: true }),
      entry('checklist_step', T0 + 3 * min, { sectionId: 'kill-switch', stepId: 'engage', done: false }, '', 'bob'),
    ];
    const state = deriveSeverityState(entries, levels, new Date(T0 + 4 * min));
    expect(state.checklist).toEqual({
      'kill-switch/engage': { done: false, at: new Date(T0 + 3 * min).toISOString(), by: 'bob', seq: entries[3]!.seq },
      'api-5xx/service-status': { done: true, at: new Date(T0 + 2 * min).toISOString(), by: 'alice', seq: entries[2]!.seq },
    });
    expect(state.sections).toEqual(['kill-switch', 'credential-leak', 'api-5xx']);
    expect(state.triage?.sections).toEqual(['kill-switch', 'credential-leak']);
  });

  it('skips a redacted severity change instead of failing', () => {
    const redacted = entry('severity_changed', T0, { from: null, to: 'SEV1' });
    redacted.data = null;
    expect(deriveSeverityState([redacted], levels, new Date(T0)).current).toBeNull();
  });
});
