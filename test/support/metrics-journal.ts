import type { AdjustableClock } from '../../src/main/core/clock';
import type { Journal } from '../../src/main/core/journal/journal';

/** Where the metrics journal is written from (the day before); the clock ends at METRICS_NOW. */
export const METRICS_CLOCK_START = new Date('2026-03-09T08:00:00.000Z');
export const METRICS_NOW = new Date('2026-03-10T13:00:00.000Z');
/** The period the hand-computed figures are for: the whole of 10 March 2026 (UTC). */
export const METRICS_PERIOD = { from: '2026-03-10T00:00:00.000Z', to: '2026-03-11T00:00:00.000Z' };

const min = 60_000;

/**
 * Incidents whose figures were worked out by hand (see the metrics tests), one drill and one
 * incident from the day before, written through the journal under a clock the caller controls.
 *
 * A (peak SEV1): starts 09:00, SEV1 09:02, acknowledged 09:04, halted 09:05 (settled), a halt with
 *   no known outcome 09:06, mitigated 09:20, SEV3 09:30, resolved 10:00.
 *   TTA 4 min, TTM 20 min, TTR 60 min, SEV1 28 min, SEV3 30 min, 1 halt.
 * B (SEV2): starts 10:00 (backdated), SEV2 10:10, mitigated 10:40 (no acknowledgement before it),
 *   resolved 11:10. TTA 40, TTM 40, TTR 70, SEV2 60 min.
 * C (SEV2, open): starts 12:00, SEV2 12:05, acknowledged 12:15. TTA 15, SEV2 55 min up to 13:00.
 * A drill (SEV1, resolved) and an incident of 9 March: neither is counted.
 */
export function writeMetricsJournal(journal: Journal, clock: AdjustableClock): Record<'a' | 'b' | 'c' | 'drill' | 'before', string> {
  const at = (iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime());
  const ids = {} as Record<'a' | 'b' | 'c' | 'drill' | 'before', string>;
  const status = (id: string, from: string, to: string) =>
    journal.append(id, { kind: 'status_changed', text: `Status: ${from} → ${to}`, data: { from: from as never, to: to as never } });

  // The day before, resolved: outside the period.
  ids.before = journal.createIncident({ title: 'Yesterday: search slow', detectedBy: 'alert', startedAt: '2026-03-09T07:00:00.000Z' }).id;
  journal.append(ids.before, { kind: 'severity_changed', text: '', data: { from: null, to: 'SEV1' } });
  status(ids.before, 'detected', 'resolved');

  at('2026-03-10T09:00:00.000Z');
  ids.a = journal.createIncident({ title: 'A: checkout down', detectedBy: 'alert' }).id;
  at('2026-03-10T09:02:00.000Z');
  journal.append(ids.a, { kind: 'severity_changed', text: '', data: { from: null, to: 'SEV1' } });
  at('2026-03-10T09:04:00.000Z');
  journal.append(ids.a, { kind: 'acknowledged', text: '', data: { severity: 'SEV1', targetMs: 5 * min, elapsedMs: 2 * min } });
  at('2026-03-10T09:05:00.000Z');
  journal.append(ids.a, {
    kind: 'killswitch_call',
    text: 'Stop the agents',
    data: { action: 'halt', profile: 'prod', httpStatus: 200, ok: true, outcome: 'Platform halted', result: 'changed', serverEventId: 'evt-a1' },
  });
  at('2026-03-10T09:06:00.000Z');
  journal.append(ids.a, {
    kind: 'killswitch_call',
    text: 'Stop the agents (again)',
    data: { action: 'halt', profile: 'staging', httpStatus: null, ok: false, outcome: 'sent, outcome unknown', result: 'unknown' },
  });
  at('2026-03-10T09:20:00.000Z');
  status(ids.a, 'acknowledged', 'mitigated');
  at('2026-03-10T09:30:00.000Z');
  journal.append(ids.a, { kind: 'severity_changed', text: 'Contained', data: { from: 'SEV1', to: 'SEV3' } });
  at('2026-03-10T10:00:00.000Z');
  status(ids.a, 'mitigated', 'resolved');

  at('2026-03-10T10:05:00.000Z');
  ids.b = journal.createIncident({ title: 'B: reports stuck', detectedBy: 'customer report', startedAt: '2026-03-10T10:00:00.000Z' }).id;
  at('2026-03-10T10:10:00.000Z');
  journal.append(ids.b, { kind: 'severity_changed', text: '', data: { from: null, to: 'SEV2' } });
  at('2026-03-10T10:40:00.000Z');
  status(ids.b, 'detected', 'mitigated');
  at('2026-03-10T11:10:00.000Z');
  status(ids.b, 'mitigated', 'resolved');

  at('2026-03-10T11:30:00.000Z');
  ids.drill = journal.createIncident({ title: 'Drill: halt staging', detectedBy: 'game day', drill: true }).id;
  journal.append(ids.drill, { kind: 'severity_changed', text: '', data: { from: null, to: 'SEV1' } });
  at('2026-03-10T11:31:00.000Z');
  status(ids.drill, 'detected', 'resolved');

  at('2026-03-10T12:00:00.000Z');
  ids.c = journal.createIncident({ title: 'C: webhooks delayed', detectedBy: 'alert' }).id;
  at('2026-03-10T12:05:00.000Z');
  journal.append(ids.c, { kind: 'severity_changed', text: '', data: { from: null, to: 'SEV2' } });
  at('2026-03-10T12:15:00.000Z');
  journal.append(ids.c, { kind: 'acknowledged', text: '', data: { severity: 'SEV2', targetMs: 15 * min, elapsedMs: 10 * min } });
  at(METRICS_NOW.toISOString());
  return ids;
}
