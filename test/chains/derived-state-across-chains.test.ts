import { afterEach, beforeEach, expect, it } from 'vitest';
import { KillSwitchLedger } from '../../src/main/core/powernode/kill-switch-ledger';
import { deriveSeverityState } from '../../src/shared/severity-timing';
import type { SeverityLevel } from '../../src/shared/runbook';
import { twoConsoles, type TwoConsoles } from './two-devices';

const levels: SeverityLevel[] = [
  { id: 'SEV1', definition: 'x', acknowledgeWithin: 300_000, responders: 'all', updateEveryMs: 900_000, updateChannel: 'war-room' },
  { id: 'SEV2', definition: 'x', acknowledgeWithin: 900_000, responders: 'on-call', updateEveryMs: 1_800_000, updateChannel: 'channel' },
];

let fx: TwoConsoles;
beforeEach(() => {
  fx = twoConsoles();
});
afterEach(() => fx.dispose());

const later = (ms: number) => fx.clock.advance(ms);

it('state derived from several chains follows the merged order, not seq numbers that belong to different chains', () => {
  const incident = fx.shared();
  const { commander, responder } = fx;
  // The responder's chain is the shorter one: its SEV1 has seq 2, the commander's later SEV2 has seq 4.
  later(60_000);
  commander.journal.append(incident.id, { kind: 'note', text: 'paged', data: {} });
  later(1_000);
  commander.journal.append(incident.id, { kind: 'note', text: 'looking', data: {} });
  later(1_000);
  commander.journal.append(incident.id, { kind: 'severity_changed', text: 'customer-facing', data: { from: null, to: 'SEV1' } });
  later(60_000);
  responder.journal.append(incident.id, { kind: 'severity_changed', text: 'contained to one region', data: { from: 'SEV1', to: 'SEV2' } });
  commander.journal.importChains(incident.id, responder.journal.exportChains(incident.id, { ownOnly: true }));
  responder.journal.importChains(incident.id, commander.journal.exportChains(incident.id));

  for (const journal of [commander.journal, responder.journal]) {
    const state = deriveSeverityState(journal.entriesOfKinds(incident.id, ['severity_changed']), levels, fx.clock.now());
    expect(state.periods.map((period) => period.severity)).toEqual(['SEV1', 'SEV2']);
    expect(journal.getIncident(incident.id).severity).toBe('SEV2');
  }
});

it('the kill-switch ledger knows the server events journaled in every chain, not only its own', () => {
  const incident = fx.shared();
  const { commander, responder } = fx;
  for (let index = 0; index < 3; index += 1) commander.journal.append(incident.id, { kind: 'note', text: `note ${index}`, data: {} });
  responder.journal.append(incident.id, {
    kind: 'killswitch_call',
    text: 'Observed on the server: halted by robin',
    data: { action: 'halt', profile: 'prod', httpStatus: 200, ok: true, outcome: 'observed', serverEventId: 'evt-from-responder' },
  });
  commander.journal.importChains(incident.id, responder.journal.exportChains(incident.id, { ownOnly: true }));
  expect(new KillSwitchLedger(commander.journal).has('evt-from-responder')).toBe(true);
});
