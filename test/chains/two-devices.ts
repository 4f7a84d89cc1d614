import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKPOINT_STATEMENT_TYPE, type CheckpointStatement } from '../../src/shared/evidence-statements';
import { AdjustableClock } from '../../src/main/core/clock';
import { generateDeviceKey, signBytes, type DeviceKeyPair } from '../../src/main/core/evidence/device-key';
import { statementBytes } from '../../src/main/core/evidence/statements';
import { Journal } from '../../src/main/core/journal/journal';
import type { Incident, TimelineEntry } from '../../src/shared/model';

export const COMMANDER = '11111111-1111-4111-8111-111111111111';
export const RESPONDER = '22222222-2222-4222-8222-222222222222';

export interface Console {
  device: string;
  key: DeviceKeyPair;
  path: string;
  journal: Journal;
  reopen(): Journal;
  /** A checkpoint signed by this console's key, with the other chains' heads as the journal states them. */
  checkpoint(incidentId: string): TimelineEntry;
}

export interface TwoConsoles {
  dir: string;
  clock: AdjustableClock;
  commander: Console;
  responder: Console;
  /** The commander's incident, joined by the responder (as a join code would). */
  shared(): Incident;
  dispose(): void;
}

/** Two consoles, each with its own journal file, device id and Ed25519 key, and one clock the test moves. */
export function twoConsoles(): TwoConsoles {
  const dir = mkdtempSync(join(tmpdir(), 'incident-console-chains-'));
  const clock = AdjustableClock.frozen(new Date('2026-03-15T09:00:00.000Z'));
  const make = (name: string, device: string): Console => {
    const path = join(dir, `${name}.sqlite`);
    const open = () => new Journal({ path, clock, author: name, device });
    const console: Console = {
      device,
      key: generateDeviceKey(),
      path,
      journal: open(),
      reopen() {
        console.journal.close();
        console.journal = open();
        return console.journal;
      },
      checkpoint(incidentId) {
        return console.journal.appendStating(
          incidentId,
          (head) => {
            const statement: CheckpointStatement = {
              type: CHECKPOINT_STATEMENT_TYPE,
              v: 1,
              incident: incidentId,
              device,
              keyFingerprint: console.key.fingerprint,
              chainLength: head.chainLength,
              headHash: head.headHash,
              at: head.at,
              reason: 'export',
              others: head.others ?? [],
            };
            return { kind: 'checkpoint', text: 'Checkpoint', data: { statement, signature: signBytes(console.key.privateKey, statementBytes(statement)) } };
          },
          { deviceId: device, publicKey: console.key.publicKey, fingerprint: console.key.fingerprint },
        );
      },
    };
    return console;
  };
  const commander = make('commander', COMMANDER);
  const responder = make('responder', RESPONDER);
  let incident: Incident | undefined;
  return {
    dir,
    clock,
    commander,
    responder,
    shared() {
      if (incident) return incident;
      incident = commander.journal.createIncident({ title: 'Checkout down', detectedBy: 'pager' });
      commander.checkpoint(incident.id);
      responder.journal.joinIncident({
        incidentId: incident.id,
        title: incident.title,
        detectedBy: incident.detectedBy,
        startedAt: incident.startedAt,
        commander: { deviceId: COMMANDER, publicKey: commander.key.publicKey, fingerprint: commander.key.fingerprint },
      });
      return incident;
    },
    dispose() {
      commander.journal.close();
      responder.journal.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What two consoles must agree on: the same entries (ids and hashes), whoever holds them. */
export function entrySet(journal: Journal, incidentId: string): string[] {
  return journal
    .allEntries(incidentId)
    .map((entry) => `${entry.id} ${entry.device} #${entry.seq} ${entry.hash}`)
    .sort();
}
