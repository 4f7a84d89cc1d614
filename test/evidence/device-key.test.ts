import { createPublicKey, verify } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEVICE_FILE_NAME } from '../../src/main/core/evidence/device-file';
import { DEVICE_KEY_SERVICE } from '../../src/main/core/evidence/device-signer';
import { statementBytes } from '../../src/main/core/evidence/statements';
import { verifyBundleText } from '../../src/main/core/reports/bundle-verification';
import { KeytarSecretStore, MemorySecretStore } from '../../src/main/core/secrets';
import type { EntryData, TimelineEntry } from '../../src/shared/model';
import { describeReport } from '../../resources/verifier/verify-core.mjs';
import { callOk } from '../support/call';
import { createTestConsole, type TestConsole } from '../support/console';

/**
 * The device key in the real OS keychain (gnome-keyring on the test session's D-Bus, as `npm test`
 * runs it): made on first start, only its public half beside the journal, rotated by a journal
 * entry the old key signs; and a console with no keychain saying plainly that it signs nothing.
 */
const keychain = new KeytarSecretStore();
const consoles: TestConsole[] = [];
afterEach(async () => {
  for (const testConsole of consoles.splice(0)) await testConsole.dispose();
});
async function open(options: Parameters<typeof createTestConsole>[1] = {}) {
  const testConsole = await createTestConsole(new Date('2026-03-15T09:00:00.000Z'), options);
  consoles.push(testConsole);
  // The key is read from the keychain in the background; until then the status says "loading".
  await testConsole.core.evidence.ready();
  return testConsole;
}
/** A second console on the same data dir, after the first has closed (a restart). */
async function restart(previous: TestConsole, options: Parameters<typeof createTestConsole>[1] = {}) {
  await previous.core.close();
  consoles.splice(consoles.indexOf(previous), 1);
  const again = await open({ ...options, dataDir: previous.dataDir });
  return again;
}
const entriesOf = (testConsole: TestConsole, incidentId: string) =>
  testConsole.core.handlers['journal.entries']({ incidentId, order: 'asc', limit: 500 }) as { entries: TimelineEntry[] };
const checkpointsIn = (entries: TimelineEntry[]) =>
  entries.filter((entry) => entry.kind === 'checkpoint').map((entry) => entry.data as EntryData<'checkpoint'>);
const publicKeyObject = (base64: string) =>
  createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(base64, 'base64').toString('base64url') }, format: 'jwk' });

/** Every file the console wrote into its data dir, as text. */
function dataDirText(dataDir: string): string {
  return readdirSync(dataDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name)).toString('latin1'))
    .join('\n');
}

async function checkpointedIncident(testConsole: TestConsole, title = 'Queue backlog') {
  const incident = await callOk(testConsole.core, 'incidents.create', { title, detectedBy: 'alert' });
  await callOk(testConsole.core, 'incidents.setStatus', { incidentId: incident.id, status: 'acknowledged' });
  await testConsole.core.evidence.settled();
  return incident;
}

describe('the device key', () => {
  it('is made on first start: the private key in the keychain only, the public key and device id beside the journal (0600)', async () => {
    const starting = await createTestConsole(new Date('2026-03-15T09:00:00.000Z'));
    expect((await callOk(starting.core, 'evidence.status', {})).signing).toBe('loading');
    await starting.dispose();
    const first = await open();
    const status = await callOk(first.core, 'evidence.status', {});
    expect(status).toMatchObject({ signing: 'signed', message: null, key: { cause: 'first', short: expect.stringMatching(/^[0-9a-f]{4}( [0-9a-f]{4}){3}$/) } });
    const device = JSON.parse(readFileSync(join(first.dataDir, DEVICE_FILE_NAME), 'utf8')) as {
      deviceId: string;
      keys: Array<{ publicKey: string; fingerprint: string }>;
    };
    expect(device).toMatchObject({ version: 1, deviceId: status.deviceId, keys: [{ fingerprint: status.key!.fingerprint }] });
    expect(statSync(join(first.dataDir, DEVICE_FILE_NAME)).mode & 0o777).toBe(0o600);
    const stored = await keychain.get(DEVICE_KEY_SERVICE, status.key!.fingerprint);
    expect(stored).toMatch(/^[A-Za-z0-9+/]+=*$/);

    const incident = await checkpointedIncident(first);
    const [checkpoint] = checkpointsIn(entriesOf(first, incident.id).entries);
    expect(verify(null, statementBytes(checkpoint!.statement), publicKeyObject(device.keys[0]!.publicKey), Buffer.from(checkpoint!.signature!, 'base64'))).toBe(
      true,
    );
    // Not a byte of the private key in any file the console wrote (journal, WAL, device file, settings).
    expect(dataDirText(first.dataDir)).not.toContain(stored!);
    expect(dataDirText(first.dataDir)).not.toContain(Buffer.from(stored!, 'base64').subarray(-32).toString('latin1'));

    const again = await restart(first);
    expect(await callOk(again.core, 'evidence.status', {})).toMatchObject({
      deviceId: status.deviceId,
      signing: 'signed',
      key: { fingerprint: status.key!.fingerprint },
    });
    const note = await callOk(again.core, 'journal.append', { incidentId: incident.id, kind: 'note', text: 'after the restart' });
    expect(note.device).toBe(status.deviceId);
  });

  it('with only the this-run-only store, says plainly that this run signs nothing, and its checkpoints say so too', async () => {
    const testConsole = await open({ deps: { secrets: new MemorySecretStore() } });
    const status = await callOk(testConsole.core, 'evidence.status', {});
    expect(status).toMatchObject({ signing: 'unsigned', key: null, keys: [] });
    expect(status.message).toBe("This run's checkpoints are unsigned: only a this-run-only secret store is in use, so there is no device key.");
    const incident = await checkpointedIncident(testConsole);
    const entries = entriesOf(testConsole, incident.id).entries;
    const checkpoint = entries.find((entry) => entry.kind === 'checkpoint')!;
    expect(checkpoint.text).toMatch(/^Checkpoint IC-[0-9a-f]{8} \(status change\), unsigned: entries 1–2\. This run's checkpoints are unsigned/);
    expect(checkpoint.data).toMatchObject({ signature: null, unsignedBecause: status.message, statement: { keyFingerprint: null } });
  });

  it('without an OS keychain, names why, and an export made then verifies only with its limits stated', async () => {
    const noKeychain = new KeytarSecretStore(async () => ({
      ok: false,
      reason: 'the keychain library could not be loaded: libsecret-1.so.0: cannot open shared object file',
    }));
    const testConsole = await open({ deps: { secrets: noKeychain } });
    const status = await callOk(testConsole.core, 'evidence.status', {});
    expect(status.message).toBe(
      "This run's checkpoints are unsigned: the device key lives in the OS keychain, and no OS keychain is available (the keychain library could not be loaded: libsecret-1.so.0: cannot open shared object file).",
    );
    const incident = await checkpointedIncident(testConsole);
    const folder = join(testConsole.dataDir, 'exports', 'unsigned');
    const exported = await callOk(testConsole.core, 'postmortem.export', { incidentId: incident.id, folder });
    expect(exported).toMatchObject({ keyFingerprint: null, checkpoint: { signed: false } });
    const report = verifyBundleText(readFileSync(join(folder, 'timeline-bundle.json'), 'utf8'));
    expect(report).toMatchObject({ verdict: 'limited', failure: null });
    expect(describeReport(report).notProven).toContain(
      `Checkpoint #${exported.checkpoint!.seq} (${exported.checkpoint!.fingerprint}) is unsigned (${status.message}): it can match a witness, but proves nothing against an edit.`,
    );
    expect(readFileSync(join(folder, 'postmortem.md'), 'utf8')).toContain(`unsigned (${status.message})`);
  });

  it('rotates: every incident the old key signed records the change, signed by the old key, and the old private key leaves the keychain', async () => {
    const testConsole = await open();
    const before = await callOk(testConsole.core, 'evidence.status', {});
    const signed = await checkpointedIncident(testConsole, 'Signed before');
    const unsigned = await callOk(testConsole.core, 'incidents.create', { title: 'Never checkpointed', detectedBy: 'alert' });

    const after = await callOk(testConsole.core, 'evidence.rotateKey', {});
    expect(after.key!.fingerprint).not.toBe(before.key!.fingerprint);
    expect(after.keys.map((key) => key.cause)).toEqual(['first', 'operator']);
    const entries = entriesOf(testConsole, signed.id).entries;
    const [rotation, checkpoint] = entries.slice(-2);
    expect(rotation).toMatchObject({
      kind: 'device_key_rotated',
      text: `Device key rotated: ${before.key!.short} → ${after.key!.short}, signed by the old key`,
    });
    const { statement, signature } = rotation!.data as EntryData<'device_key_rotated'>;
    expect(statement).toMatchObject({
      oldKeyFingerprint: before.key!.fingerprint,
      newKeyFingerprint: after.key!.fingerprint,
      cause: 'operator',
      chainLength: rotation!.seq - 1,
    });
    const oldPublicKey = (JSON.parse(readFileSync(join(testConsole.dataDir, DEVICE_FILE_NAME), 'utf8')) as { keys: Array<{ publicKey: string }> }).keys[0]!
      .publicKey;
    expect(verify(null, statementBytes(statement), publicKeyObject(oldPublicKey), Buffer.from(signature!, 'base64'))).toBe(true);
    expect(checkpoint).toMatchObject({ kind: 'checkpoint', data: { statement: { reason: 'key_rotated', keyFingerprint: after.key!.fingerprint } } });
    expect(entriesOf(testConsole, unsigned.id).entries.map((entry) => entry.kind)).toEqual(['incident_opened']);
    expect(await keychain.get(DEVICE_KEY_SERVICE, before.key!.fingerprint)).toBeNull();
    expect(await keychain.get(DEVICE_KEY_SERVICE, after.key!.fingerprint)).not.toBeNull();

    const folder = join(testConsole.dataDir, 'exports', 'rotated');
    await callOk(testConsole.core, 'postmortem.export', { incidentId: signed.id, folder });
    const report = verifyBundleText(readFileSync(join(folder, 'timeline-bundle.json'), 'utf8'), { expectedKeys: [before.key!.fingerprint] });
    expect(report).toMatchObject({
      verdict: 'verified',
      keyChanges: [{ seq: rotation!.seq, from: before.key!.fingerprint, to: after.key!.fingerprint, signed: true }],
    });
    expect(describeReport(report).proven).toContain(
      `At #${rotation!.seq} the device key changed from ${before.key!.short} to ${after.key!.short}, signed by the old key.`,
    );
  });

  it('a key no longer in the keychain is replaced: the incidents it signed record the change unsigned, and verifiers say what that means', async () => {
    const first = await open();
    const lost = (await callOk(first.core, 'evidence.status', {})).key!;
    const incident = await checkpointedIncident(first);
    await keychain.delete(DEVICE_KEY_SERVICE, lost.fingerprint);

    const again = await restart(first);
    const status = await callOk(again.core, 'evidence.status', {});
    expect(status).toMatchObject({ signing: 'signed', key: { cause: 'key_lost' } });
    expect(status.message).toBe(
      `The device key ${lost.short} is no longer in this keychain, so a new key ${status.key!.short} was made. Incidents the old key signed record the change unsigned: the old key cannot vouch for the new one.`,
    );
    await callOk(again.core, 'incidents.setStatus', { incidentId: incident.id, status: 'resolved' });
    await again.core.evidence.settled();
    const [change, checkpoint] = entriesOf(again, incident.id).entries.slice(-2);
    expect(change).toMatchObject({
      kind: 'device_key_rotated',
      data: { signature: null, statement: { cause: 'key_lost', oldKeyFingerprint: lost.fingerprint } },
    });
    expect(checkpoint).toMatchObject({ kind: 'checkpoint', data: { statement: { reason: 'closed', keyFingerprint: status.key!.fingerprint } } });

    const folder = join(again.dataDir, 'exports', 'lost');
    await callOk(again.core, 'postmortem.export', { incidentId: incident.id, folder });
    const report = verifyBundleText(readFileSync(join(folder, 'timeline-bundle.json'), 'utf8'));
    expect(report).toMatchObject({ verdict: 'limited', failure: null });
    expect(describeReport(report).notProven).toContain(
      `At #${change!.seq} the device key changed from ${lost.short} to ${status.key!.short} without the old key's signature (the old key was lost): from there on, signatures prove only the new key.`,
    );
  });

  it('a damaged device file is set aside and reported, and a new identity is made: nothing stops the console', async () => {
    const testConsole = await open({ prepare: (dataDir) => writeFileSync(join(dataDir, DEVICE_FILE_NAME), '{"version":1,"deviceId":"not a uuid"') });
    const setAside = await callOk(testConsole.core, 'app.setAsideFiles', {});
    expect(setAside.files).toEqual([expect.objectContaining({ label: 'device identity', movedTo: expect.stringContaining(`${DEVICE_FILE_NAME}.damaged-`) })]);
    expect(await callOk(testConsole.core, 'evidence.status', {})).toMatchObject({ signing: 'signed', key: { cause: 'first' } });
  });
});
