import type { AdjustableClock } from '../../src/main/core/clock';
import type { JournalPort } from '../../src/main/core/journal/journal-port';
import type { Incident } from '../../src/shared/model';

/** The clock the sample incident is written under (09:00 UTC; its first symptom is backdated to 08:52). */
export const SAMPLE_CLOCK_START = new Date('2026-03-15T09:00:00.000Z');

const minutes = (n: number): number => n * 60_000;

/**
 * A deterministic SEV2→SEV1→SEV3 incident with notes, pins, a command, an internal update, a
 * kill-switch halt and resume, mitigation and resolution. Kinds whose UI lives elsewhere (severity,
 * acknowledgement, kill switch, commands) are written straight through the JournalPort, as those
 * capabilities do. `withWriteUp` adds post-mortem fields and action items (the e2e types those in).
 */
export function writeSampleIncident(journal: JournalPort, clock: AdjustableClock, options: { withWriteUp: boolean }): Incident {
  const incident = journal.createIncident({ title: 'Checkout API returning 500s', detectedBy: 'alert', startedAt: '2026-03-15T08:52:00.000Z' });
  const id = incident.id;
  const at = (minute: number): void => {
    const target = SAMPLE_CLOCK_START.getTime() + minutes(minute);
    clock.advance(target - clock.now().getTime());
  };

  at(1);
  journal.append(id, { kind: 'severity_changed', text: 'Triage: significant degradation', data: { from: null, to: 'SEV2' } });
  at(3);
  journal.append(id, { kind: 'acknowledged', text: '', data: { severity: 'SEV2', targetMs: minutes(15), elapsedMs: minutes(11) } });
  at(5);
  const errorRate = journal.append(id, { kind: 'note', text: 'Error rate 38% on checkout | deploy 4521 went out at 08:50', data: {} });
  journal.append(id, { kind: 'pin', text: '', data: {}, refersTo: errorRate.id });
  at(8);
  journal.append(id, { kind: 'severity_changed', text: 'Customer-facing outage confirmed', data: { from: 'SEV2', to: 'SEV1' } });
  at(10);
  journal.append(id, {
    kind: 'killswitch_call',
    text: 'Stop writes while we roll back',
    data: { action: 'halt', profile: 'prod', mode: 'full', httpStatus: 200, ok: true, outcome: 'Platform halted' },
  });
  at(12);
  journal.append(id, {
    kind: 'comms_sent',
    text: 'SEV1: checkout down, platform halted, rolling back deploy 4521. Next update 09:27.',
    data: { audience: 'internal', channel: 'war-room' },
  });
  at(14);
  const status = journal.append(id, {
    kind: 'command_run',
    text: 'systemctl status checkout-api',
    data: {
      runId: 'run-1',
      commandId: 'service-status',
      host: 'api-1',
      argv: ['systemctl', 'status', 'checkout-api'],
      exitCode: 3,
      signal: null,
      outcome: 'failed',
      durationMs: 140,
      output: 'inactive (dead)',
      outputBytes: 15,
      outputTruncated: false,
    },
  });
  journal.append(id, { kind: 'pin', text: '', data: {}, refersTo: status.id });
  at(15);
  journal.append(id, { kind: 'note', text: 'Looking at dashboards', data: {} });
  at(20);
  const rollback = journal.append(id, { kind: 'note', text: 'Rolled back deploy 4521\nchecking error rate', data: {} });
  journal.append(id, { kind: 'pin', text: '', data: {}, refersTo: rollback.id });
  at(25);
  journal.append(id, { kind: 'status_changed', text: 'Error rate back to 0.1%', data: { from: 'acknowledged', to: 'mitigated' } });
  at(31);
  journal.append(id, {
    kind: 'killswitch_call',
    text: 'Rollback verified',
    data: { action: 'resume', profile: 'prod', httpStatus: 200, ok: true, outcome: 'Platform resumed' },
  });
  at(40);
  journal.append(id, { kind: 'severity_changed', text: 'Recovered; watching', data: { from: 'SEV1', to: 'SEV3' } });
  at(67);
  journal.append(id, { kind: 'status_changed', text: 'All clear', data: { from: 'mitigated', to: 'resolved' } });

  if (options.withWriteUp) {
    at(70);
    journal.append(id, { kind: 'postmortem_field', text: 'A migration in deploy 4521 locked the orders table.', data: { field: 'rootCause' } });
    journal.append(id, { kind: 'postmortem_field', text: 'Checkout failed with HTTP 500', data: { field: 'impactSymptoms' } });
    journal.append(id, { kind: 'postmortem_field', text: 'Alert fired within 2 minutes\n- Kill switch stopped writes at once', data: { field: 'wentWell' } });
    journal.append(id, {
      kind: 'action_item',
      text: '',
      data: { itemId: 'item-1', action: 'Run migrations in a separate step', owner: 'dana', due: '2026-03-20', status: 'open' },
    });
    journal.append(id, {
      kind: 'action_item',
      text: '',
      data: { itemId: 'item-2', action: 'Alert on lock waits', owner: 'lee', due: null, status: 'open' },
    });
    journal.append(id, {
      kind: 'action_item',
      text: '',
      data: { itemId: 'item-1', action: 'Run migrations in a separate step', owner: 'dana', due: '2026-03-20', status: 'in_progress' },
    });
  }
  return journal.getIncident(id);
}

/**
 * An incident whose marks come seconds apart: acknowledged, halted, mitigated, resumed, halted and
 * resumed again and resolved within ten seconds at 09:23, a halt and resume two seconds apart at
 * 09:10, in a window of more than two hours, so they are a pixel or two apart on the strip.
 * (The halt and resume at 09:10 are two seconds apart too.)
 */
export function writeDenseMarksIncident(journal: JournalPort, clock: AdjustableClock): Incident {
  const incident = journal.createIncident({ title: 'Queue storm', detectedBy: 'alert', startedAt: '2026-03-15T07:00:00.000Z' });
  const id = incident.id;
  const at = (iso: string): void => clock.advance(Date.parse(iso) - clock.now().getTime());
  let event = 0;
  const killSwitch = (action: 'halt' | 'resume') => {
    event += 1;
    journal.append(id, {
      kind: 'killswitch_call',
      text: action === 'halt' ? 'Stop the storm' : 'Storm over',
      data: {
        action,
        profile: 'prod',
        httpStatus: 200,
        ok: true,
        outcome: action === 'halt' ? 'Platform halted' : 'Platform resumed',
        result: 'changed',
        serverEventId: `evt-${event}`,
      },
    });
  };
  at('2026-03-15T09:00:00.000Z');
  journal.append(id, { kind: 'severity_changed', text: 'Storm', data: { from: null, to: 'SEV2' }, occurredAt: '2026-03-15T07:40:00.000Z' });
  journal.append(id, { kind: 'severity_changed', text: 'Worse', data: { from: 'SEV2', to: 'SEV1' } });
  at('2026-03-15T09:10:00.000Z');
  killSwitch('halt');
  at('2026-03-15T09:10:02.000Z');
  killSwitch('resume');
  at('2026-03-15T09:23:01.000Z');
  journal.append(id, { kind: 'acknowledged', text: '', data: { severity: 'SEV1', targetMs: 300_000, elapsedMs: 1_381_000 } });
  at('2026-03-15T09:23:03.000Z');
  killSwitch('halt');
  at('2026-03-15T09:23:04.000Z');
  journal.append(id, { kind: 'status_changed', text: 'Storm contained', data: { from: 'acknowledged', to: 'mitigated' } });
  at('2026-03-15T09:23:06.000Z');
  killSwitch('resume');
  at('2026-03-15T09:23:07.000Z');
  killSwitch('halt');
  at('2026-03-15T09:23:09.000Z');
  killSwitch('resume');
  at('2026-03-15T09:23:10.000Z');
  journal.append(id, { kind: 'status_changed', text: 'All clear', data: { from: 'mitigated', to: 'resolved' } });
  return journal.getIncident(id);
}
