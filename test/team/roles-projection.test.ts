import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, TimelineEntry } from '../../src/shared/model';
import { commanderOf, currentRoles, ROLE_KINDS } from '../../src/shared/team-roles';
import { ALICE_DEVICE, SAM_DEVICE, twoConsoles } from './team-fixture';

const MIN = 60_000;

describe('who holds each role now, derived from the journal', () => {
  let consoles: ReturnType<typeof twoConsoles>;
  let incident: Incident;
  beforeEach(() => {
    consoles = twoConsoles();
    incident = consoles.alice.journal.createIncident({ title: 'Checkout 500s', detectedBy: 'alert' });
  });
  afterEach(() => consoles.dispose());

  const { alice, sam } = { alice: () => consoles.alice, sam: () => consoles.sam };
  const roster = (console = alice()) => console.team.roster(incident.id);
  const holders = async () => (await roster()).holdings.map((holding) => [holding.role, holding.responder.name]);

  it('assigns each role as an entry, a single-holder role passing from one responder to the next', async () => {
    const team = alice().team.handlers;
    await team['team.assignRole']({ incidentId: incident.id, role: 'commander', responder: { name: 'alice' } });
    await team['team.assignRole']({ incidentId: incident.id, role: 'scribe', responder: { name: 'robin' } });
    await team['team.assignRole']({ incidentId: incident.id, role: 'subject_expert', responder: { name: 'kim' }, expertise: 'PostgreSQL' });
    await team['team.assignRole']({ incidentId: incident.id, role: 'subject_expert', responder: { name: 'lee' }, expertise: 'Redis' });
    expect(await holders()).toEqual([
      ['commander', 'alice'],
      ['scribe', 'robin'],
      ['subject_expert', 'kim'],
      ['subject_expert', 'lee'],
    ]);
    // Reassigning the scribe: robin no longer holds it, and that is on record as its own entry.
    await team['team.assignRole']({ incidentId: incident.id, role: 'scribe', responder: { name: 'sam' }, reason: 'robin went to the data centre' });
    expect(await holders()).toEqual([
      ['commander', 'alice'],
      ['subject_expert', 'kim'],
      ['subject_expert', 'lee'],
      ['scribe', 'sam'],
    ]);
    await team['team.releaseRole']({ incidentId: incident.id, role: 'subject_expert', responder: { name: 'kim' } });
    expect(await holders()).toEqual([
      ['commander', 'alice'],
      ['subject_expert', 'lee'],
      ['scribe', 'sam'],
    ]);
    const kinds = alice()
      .journal.entriesOfKinds(incident.id, ROLE_KINDS)
      .map((entry) => entry.kind);
    expect(kinds).toEqual(['role_assigned', 'role_assigned', 'role_assigned', 'role_assigned', 'role_assigned', 'role_released']);
    // The operator is named with this console's device; someone not yet seen writing has none.
    expect((await roster()).commander).toMatchObject({ responder: { name: 'alice', device: ALICE_DEVICE }, you: true, by: 'alice' });
    expect((await roster()).holdings.find((holding) => holding.responder.name === 'lee')).toMatchObject({ expertise: 'Redis', responder: { device: null } });
  });

  it('refuses what would not change anything, and a second commander without a handover', async () => {
    const team = alice().team.handlers;
    await team['team.assignRole']({ incidentId: incident.id, role: 'commander', responder: { name: 'alice' } });
    await expect(team['team.assignRole']({ incidentId: incident.id, role: 'commander', responder: { name: 'Alice ' } })).rejects.toThrow(
      expect.objectContaining({
        code: 'ROLE_UNCHANGED',
      }),
    );
    await expect(team['team.assignRole']({ incidentId: incident.id, role: 'commander', responder: { name: 'sam' } })).rejects.toThrow(
      expect.objectContaining({
        code: 'COMMAND_HELD',
        message: 'alice holds command: hand over command to sam instead, so the handover is on record.',
      }),
    );
    await expect(team['team.releaseRole']({ incidentId: incident.id, role: 'scribe', responder: { name: 'sam' } })).rejects.toThrow(
      expect.objectContaining({
        code: 'ROLE_NOT_HELD',
      }),
    );
    await expect(team['team.handOver']({ incidentId: incident.id, to: { name: 'alice' } })).rejects.toThrow(
      expect.objectContaining({ code: 'ROLE_UNCHANGED' }),
    );
    expect(alice().journal.entriesOfKinds(incident.id, ROLE_KINDS)).toHaveLength(1);
  });

  it('hands over command as one entry both consoles read the same way', async () => {
    await alice().team.handlers['team.assignRole']({ incidentId: incident.id, role: 'commander', responder: { name: 'alice' } });
    // sam has written into the incident from his console, so naming him finds his device.
    sam().journal.append(incident.id, { kind: 'note', text: 'sam here, on the database', data: {} });
    alice().clock.advance(5 * MIN);
    await alice().team.handlers['team.handOver']({ incidentId: incident.id, to: { name: 'sam' }, reason: 'alice goes off shift' });

    const handover = alice().journal.entriesOfKinds(incident.id, ['command_handed_over']);
    expect(handover).toHaveLength(1);
    expect(handover[0]).toMatchObject({
      author: 'alice',
      text: 'alice goes off shift',
      data: { from: { name: 'alice', device: ALICE_DEVICE }, to: { name: 'sam', device: SAM_DEVICE } },
    });
    for (const [console, you] of [
      [alice(), false],
      [sam(), true],
    ] as const) {
      const seen = await roster(console);
      expect(seen.commander).toMatchObject({ responder: { name: 'sam', device: SAM_DEVICE }, you, since: '2026-03-15T09:05:00.000Z' });
      expect(seen.remindersHere).toBe(you);
    }
    // Both people are in the incident, with the device each wrote from; the commander is listed first.
    expect(
      (await roster()).members.map((member) => [member.name, member.devices.map((device) => device.deviceId), member.roles.map((role) => role.role)]),
    ).toEqual([
      ['sam', [SAM_DEVICE], ['commander']],
      ['alice', [ALICE_DEVICE], []],
    ]);
  });

  it('orders by when entries were recorded, not by when they arrived: a late-arriving earlier handover does not win', async () => {
    // sam's console runs three minutes behind; his entry, appended after alice's, was recorded before it.
    sam().clock.advance(-3 * MIN);
    await alice().team.handlers['team.assignRole']({ incidentId: incident.id, role: 'commander', responder: { name: 'alice' } });
    await sam().team.handlers['team.assignRole']({ incidentId: incident.id, role: 'scribe', responder: { name: 'sam' } });
    alice().clock.advance(1 * MIN);
    await alice().team.handlers['team.handOver']({ incidentId: incident.id, to: { name: 'robin' } });
    // Recorded at 08:58 by sam's clock, arriving last: a handover to sam that, in timeline order, came first.
    sam().clock.advance(1 * MIN);
    await sam().team.handlers['team.handOver']({ incidentId: incident.id, to: { name: 'sam' } });
    const entries = alice().journal.entriesOfKinds(incident.id, ROLE_KINDS);
    expect(entries.map((entry) => [entry.author, entry.recordedAt])).toEqual([
      ['alice', '2026-03-15T09:00:00.000Z'],
      ['sam', '2026-03-15T08:57:00.000Z'],
      ['alice', '2026-03-15T09:01:00.000Z'],
      ['sam', '2026-03-15T08:58:00.000Z'],
    ]);
    // In timeline order: sam scribe (08:57), sam took command (08:58), alice assigned herself (09:00), alice → robin (09:01).
    expect(commanderOf(currentRoles(entries))?.responder.name).toBe('robin');
    expect((await roster(sam())).commander?.responder.name).toBe('robin');
    // Whatever order a merge hands them over in, the answer is the same.
    for (const order of permutations(entries)) expect(summary(currentRoles(order))).toEqual(summary(currentRoles(entries)));
  });
});

const summary = (holdings: ReturnType<typeof currentRoles>) => holdings.map((holding) => `${holding.role}:${holding.responder.name}`);

function permutations(entries: readonly TimelineEntry[]): TimelineEntry[][] {
  if (entries.length <= 1) return [[...entries]];
  return entries.flatMap((entry, index) => permutations([...entries.slice(0, index), ...entries.slice(index + 1)]).map((rest) => [entry, ...rest]));
}
