import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../src/main/core/reports/bundle-verification';
import type { TimelineBundle } from '../../src/main/core/reports/timeline-bundle';
import { answer, callOk } from '../support/call';
import { createTestConsole, type TestConsole } from '../support/console';

let commander: TestConsole;
let responder: TestConsole;
beforeEach(async () => {
  commander = await createTestConsole();
  responder = await createTestConsole();
  await Promise.all([commander.core.evidence.ready(), responder.core.evidence.ready()]);
});
afterEach(async () => {
  await Promise.all([commander.dispose(), responder.dispose()]);
});

const entryIds = async (console: TestConsole, incidentId: string) => {
  const page = await callOk(console.core, 'journal.entries', { incidentId, limit: 500 });
  return page.entries.map((entry) => `${entry.id} ${entry.hash}`).sort();
};

async function joined() {
  const incident = await callOk(commander.core, 'incidents.create', { title: 'Payments degraded', detectedBy: 'pager' });
  const share = await callOk(commander.core, 'chains.share', { incidentId: incident.id });
  expect(share.code).toMatch(/^ICJ1-[A-Za-z0-9_-]+-[0-9a-f]{8}$/);
  expect(statSync(share.path).mode & 0o777).toBe(0o600);
  expect(readFileSync(share.path, 'utf8').trim()).toBe(share.code);
  const status = await callOk(commander.core, 'evidence.status', {});
  expect(share.fingerprint).toBe(status.key?.short);
  const there = await callOk(responder.core, 'chains.join', { code: share.code });
  expect(there).toMatchObject({ id: incident.id, title: 'Payments degraded' });
  return { incident, share };
}

describe('joining an incident, and responder bundles between two consoles', () => {
  it('the responder joins by code, both write, bundles go both ways, and both hold the same entries with every chain verified', async () => {
    const { incident } = await joined();
    // Joining twice (the file after the code) changes nothing.
    await callOk(responder.core, 'chains.join', { code: readFileSync(join(commander.dataDir, 'exports', incident.id, 'join-code.txt'), 'utf8') });
    await callOk(responder.core, 'journal.append', { incidentId: incident.id, kind: 'note', text: 'replica lag 40 s' });
    await callOk(commander.core, 'journal.append', { incidentId: incident.id, kind: 'note', text: 'failing over' });

    const exported = await callOk(responder.core, 'chains.exportBundle', { incidentId: incident.id, scope: 'own' });
    expect(statSync(exported.path).mode & 0o777).toBe(0o600);
    // `npm run verify` walks every chain of a responder bundle, as an importing console does first.
    const verified = spawnSync('npm', ['run', '--silent', 'verify', '--', exported.path], { encoding: 'utf8' });
    expect(verified.status, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(
      /^VERIFIED: responder bundle of incident "Payments degraded" .*, 1 chain:\n- device .*: 3 entries, head [0-9a-f]{64}; 1 signed checkpoints/,
    );
    const forged = join(responder.dataDir, 'forged.json');
    writeFileSync(forged, readFileSync(exported.path, 'utf8').replace('replica lag 40 s', 'replica lag 4 s'));
    const refusedRun = spawnSync('npm', ['run', '--silent', 'verify', '--', forged], { encoding: 'utf8' });
    expect(refusedRun.status).toBe(1);
    expect(refusedRun.stderr).toMatch(/^FAILED: Device .*'s entry #2 .* does not verify: body does not match its hash/);
    expect(exported.chains).toHaveLength(1);
    const intoCommander = await callOk(commander.core, 'chains.importBundle', { incidentId: incident.id, path: exported.path });
    expect(intoCommander).toMatchObject({ added: exported.entryCount, alreadyHad: 0, refused: [] });
    expect(await callOk(commander.core, 'chains.importBundle', { incidentId: incident.id, path: exported.path })).toMatchObject({
      added: 0,
      alreadyHad: exported.entryCount,
    });

    const back = await callOk(commander.core, 'chains.exportBundle', { incidentId: incident.id, scope: 'all' });
    expect(back.chains).toHaveLength(2);
    const text = readFileSync(back.path, 'utf8');
    const intoResponder = await callOk(responder.core, 'chains.importBundle', { incidentId: incident.id, text });
    expect(intoResponder.refused).toEqual([]);
    // The responder's export_made came after its bundle; the commander gets it on the next exchange.
    await callOk(commander.core, 'chains.importBundle', {
      incidentId: incident.id,
      path: (await callOk(responder.core, 'chains.exportBundle', { incidentId: incident.id, scope: 'own' })).path,
    });
    await callOk(responder.core, 'chains.importBundle', {
      incidentId: incident.id,
      path: (await callOk(commander.core, 'chains.exportBundle', { incidentId: incident.id, scope: 'own' })).path,
    });
    const commanderEntries = await entryIds(commander, incident.id);
    // The two last exports each journaled their export_made after writing; the sets differ by exactly those two.
    const responderEntries = await entryIds(responder, incident.id);
    const onlyOne = [...commanderEntries.filter((id) => !responderEntries.includes(id)), ...responderEntries.filter((id) => !commanderEntries.includes(id))];
    expect(onlyOne).toHaveLength(2);
    for (const console of [commander, responder]) {
      const verdict = await callOk(console.core, 'journal.verify', { incidentId: incident.id });
      expect(verdict).toMatchObject({ ok: true });
      expect(verdict.chains).toHaveLength(2);
    }
    const [a, b] = await Promise.all([commander, responder].map((console) => callOk(console.core, 'incidents.get', { incidentId: incident.id })));
    expect({ ...b, entryCount: 0, lastEntryAt: null }).toEqual({ ...a, entryCount: 0, lastEntryAt: null });
  });

  it("the post-mortem export of a shared incident: its bundle is this console's chain, verified, and its export checkpoint signs the other chain's head", async () => {
    const { incident } = await joined();
    await callOk(responder.core, 'journal.append', { incidentId: incident.id, kind: 'note', text: 'zq90 responder finding' });
    const bundle = await callOk(responder.core, 'chains.exportBundle', { incidentId: incident.id, scope: 'own' });
    await callOk(commander.core, 'chains.importBundle', { incidentId: incident.id, path: bundle.path });
    const folder = join(commander.dataDir, 'pm');
    await callOk(commander.core, 'postmortem.export', { incidentId: incident.id, folder });
    const timeline = JSON.parse(readFileSync(join(folder, 'timeline-bundle.json'), 'utf8')) as TimelineBundle;
    expect(verifyBundle(timeline)).toMatchObject({ verdict: 'verified', failure: null });
    const commanderDevice = (await callOk(commander.core, 'evidence.status', {})).deviceId;
    expect(new Set(timeline.entries.map((entry) => entry.device))).toEqual(new Set([commanderDevice]));
    const last = timeline.entries.at(-1)!;
    const others = (last.data as { statement: { others: Array<{ device: string; chainLength: number }> } }).statement.others;
    const responderDevice = (await callOk(responder.core, 'evidence.status', {})).deviceId;
    expect(others).toEqual([{ device: responderDevice, chainLength: bundle.chains[0]!.length, headHash: bundle.chains[0]!.headHash }]);
    // The post-mortem tells the merged timeline, the responder's entries included.
    expect(readFileSync(join(folder, 'postmortem.md'), 'utf8')).toContain('Payments degraded');
  });

  it('a garbled, cut-short or foreign join code is refused with a clear error, and opens nothing', async () => {
    const { share } = await joined();
    const before = await callOk(responder.core, 'incidents.list', {});
    const flip = (code: string, at: number) => `${code.slice(0, at)}${code[at] === 'A' ? 'B' : 'A'}${code.slice(at + 1)}`;
    const cases: Array<[string, RegExp]> = [
      [share.code.slice(0, -12), /cut short|checksum/],
      [flip(share.code, 20), /checksum does not match/],
      ['hello, here is the incident', /does not start with ICJ1-/],
      [`ICJ1-${Buffer.from('{"v":2}').toString('base64url')}-${'0'.repeat(8)}`, /checksum/],
    ];
    for (const [code, message] of cases) {
      const result = await answer(responder.core, 'chains.join', { code });
      expect(result, code).toMatchObject({ ok: false, error: { code: 'BUNDLE_INVALID', message: expect.stringMatching(message) } });
    }
    expect(await callOk(responder.core, 'incidents.list', {})).toEqual(before);
  });

  it('a damaged, oversized, wrong-incident or tampered bundle gets a clear error and changes nothing (a tampered one is journaled)', async () => {
    const { incident } = await joined();
    await callOk(responder.core, 'journal.append', { incidentId: incident.id, kind: 'note', text: 'disk at 97%' });
    const exported = await callOk(responder.core, 'chains.exportBundle', { incidentId: incident.id, scope: 'own' });
    const text = readFileSync(exported.path, 'utf8');
    const other = await callOk(commander.core, 'incidents.create', { title: 'Another one', detectedBy: 'pager' });
    const before = await entryIds(commander, incident.id);

    const cut = join(commander.dataDir, 'cut.json');
    writeFileSync(cut, text.slice(0, text.length / 2));
    expect(await answer(commander.core, 'chains.importBundle', { incidentId: incident.id, path: cut })).toMatchObject({
      ok: false,
      error: { code: 'BUNDLE_INVALID', message: expect.stringMatching(/not JSON, so it was cut short or damaged.*Nothing was changed/) },
    });
    const huge = join(commander.dataDir, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, 65 * 1024 * 1024);
    expect(await answer(commander.core, 'chains.importBundle', { incidentId: incident.id, path: huge })).toMatchObject({
      ok: false,
      error: { code: 'FILE_TOO_LARGE' },
    });
    expect(await answer(commander.core, 'chains.importBundle', { incidentId: other.id, text })).toMatchObject({
      ok: false,
      error: { code: 'BUNDLE_INVALID', message: expect.stringContaining('of another incident ("Payments degraded"') },
    });
    const postmortemBundle = JSON.stringify({ format: 'incident-console.timeline-bundle', version: 2 });
    expect(await answer(commander.core, 'chains.importBundle', { incidentId: incident.id, text: postmortemBundle })).toMatchObject({
      ok: false,
      error: { code: 'BUNDLE_INVALID', message: expect.stringContaining('timeline bundle') },
    });
    expect(await entryIds(commander, incident.id)).toEqual(before);

    const tampered = text.replace('disk at 97%', 'disk at 17%');
    expect(tampered).not.toBe(text);
    expect(await answer(commander.core, 'chains.importBundle', { incidentId: incident.id, text: tampered })).toMatchObject({
      ok: false,
      error: { code: 'CHAINS_REFUSED', message: expect.stringMatching(/body does not match its hash.*Nothing was imported/) },
    });
    const after = await callOk(commander.core, 'journal.entries', { incidentId: incident.id, order: 'desc', limit: 1 });
    expect(after.entries[0]).toMatchObject({ kind: 'note', text: expect.stringMatching(/^Responder bundle from device .* refused: /) });
    expect((await entryIds(commander, incident.id)).filter((id) => !before.includes(id))).toHaveLength(1);
  });
});
