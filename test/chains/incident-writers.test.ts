import { afterEach, beforeEach, expect, it } from 'vitest';
import { writersCountedBySqlite } from '../support/writers-counted-by-sqlite';
import { COMMANDER, RESPONDER, twoConsoles, type TwoConsoles } from './two-devices';

let fx: TwoConsoles;
beforeEach(() => {
  fx = twoConsoles();
});
afterEach(() => fx.dispose());

it('who wrote the incident stays counted right through appends and imports, counting only what came since', async () => {
  const incident = fx.shared();
  const { commander, responder } = fx;
  const writers = () => commander.journal.writersOf(incident.id);
  expect(await writers()).toEqual(writersCountedBySqlite(commander.path, incident.id));
  for (let round = 0; round < 3; round += 1) {
    fx.clock.advance(1_000);
    commander.journal.append(incident.id, { kind: 'note', text: `commander ${round}`, data: {} });
    responder.journal.append(incident.id, { kind: 'note', text: `responder ${round}`, data: {} });
    expect(await writers()).toEqual(writersCountedBySqlite(commander.path, incident.id));
    commander.journal.importChains(incident.id, responder.journal.exportChains(incident.id, { ownOnly: true }));
    expect(await writers()).toEqual(writersCountedBySqlite(commander.path, incident.id));
  }
  // A responder whose clock is behind: the entries imported last were recorded before those counted already.
  fx.clock.advance(-3_600_000);
  responder.journal.append(incident.id, { kind: 'note', text: 'written with a slow clock', data: {} });
  commander.journal.importChains(incident.id, responder.journal.exportChains(incident.id, { ownOnly: true }));
  expect(await writers()).toEqual(writersCountedBySqlite(commander.path, incident.id));
  // The Team screen's counts add up to the incident's own count of its entries, imported ones included.
  expect((await writers()).reduce((sum, writer) => sum + writer.entries, 0)).toBe(commander.journal.getIncident(incident.id).entryCount);
  expect((await writers()).map((writer) => [writer.author, writer.device, writer.entries])).toEqual([
    ['commander', COMMANDER, 5],
    ['responder', RESPONDER, 5],
  ]);
});
