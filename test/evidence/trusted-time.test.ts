import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bodyHash, entryHash, entryHeaderOf } from '../../src/main/core/journal/chain';
import { verifyBundleText } from '../../src/main/core/reports/bundle-verification';
import type { TimelineBundle } from '../../src/main/core/reports/timeline-bundle';
import type { AppNotice } from '../../src/shared/app-schemas';
import type { EntryData, Incident, TimelineEntry } from '../../src/shared/model';
import { describeReport, verifyBundleText as standaloneVerify } from '../../resources/verifier/verify-core.mjs';
import { answer, callOk } from '../support/call';
import { createTestConsole, type TestConsole } from '../support/console';
import { freePort } from '../support/free-port';
import { startTimestampAuthority, type TimestampAuthority } from '../support/timestamp-authority';

/**
 * Optional trusted time: checkpoints sent to a real RFC 3161 authority (OpenSSL's, on loopback),
 * the token journaled and checked by both verifiers, the authority's own signature checked with
 * `openssl ts -verify` as docs/evidence-format.md says; and every way the authority can fail.
 */
let tsa: TimestampAuthority;
let testConsole: TestConsole;
let incident: Incident;
const notices: AppNotice[] = [];
beforeAll(async () => {
  tsa = await startTimestampAuthority();
});
afterAll(() => tsa.close());
beforeEach(async () => {
  tsa.mode = 'grant';
  notices.length = 0;
  testConsole = await createTestConsole(new Date());
  testConsole.core.events.subscribe((name, payload) => {
    if (name === 'app.notice') notices.push(payload as AppNotice);
  });
  await testConsole.core.evidence.ready();
  incident = await callOk(testConsole.core, 'incidents.create', { title: 'Queue backlog', detectedBy: 'alert' });
  await callOk(testConsole.core, 'evidence.setTimestampAuthority', { url: tsa.url });
});
afterEach(() => testConsole.dispose());

const entries = async (): Promise<TimelineEntry[]> => (await callOk(testConsole.core, 'journal.entries', { incidentId: incident.id, limit: 500 })).entries;
async function checkpointNow(): Promise<void> {
  await callOk(testConsole.core, 'incidents.setStatus', { incidentId: incident.id, status: 'acknowledged' });
  await testConsole.core.evidence.settled();
}

describe('trusted time from an RFC 3161 authority', () => {
  it('timestamps a checkpoint: the token is journaled after it, and OpenSSL verifies the authority signed that statement', async () => {
    await checkpointNow();
    const [, , checkpoint, stamped] = await entries();
    expect(checkpoint!.kind).toBe('checkpoint');
    const data = stamped!.data as EntryData<'checkpoint_timestamped'>;
    expect(stamped).toMatchObject({ kind: 'checkpoint_timestamped', refersTo: checkpoint!.id });
    expect(stamped!.text).toMatch(
      new RegExp(`^Trusted time for checkpoint IC-[0-9a-f]{8}: it existed by ${data.genTime}, says the timestamp authority ${tsa.url}$`),
    );
    expect(Math.abs(Date.parse(data.genTime) - Date.now())).toBeLessThan(5 * 60_000);
    const status = await callOk(testConsole.core, 'evidence.status', {});
    expect(status.trustedTime).toMatchObject({ url: tsa.url, lastToken: { genTime: data.genTime }, lastFailure: null });

    const dir = testConsole.dataDir;
    writeFileSync(join(dir, 'token.der'), Buffer.from(data.token, 'base64'));
    const verified = execFileSync(
      'openssl',
      ['ts', '-verify', '-digest', data.statementHash, '-token_in', '-in', join(dir, 'token.der'), '-CAfile', tsa.caFile, '-untrusted', tsa.certFile],
      { encoding: 'utf8' },
    );
    expect(verified.trim()).toBe('Verification: OK');
    // And OpenSSL refuses the token for any other statement.
    expect(() =>
      execFileSync(
        'openssl',
        ['ts', '-verify', '-digest', 'cd'.repeat(32), '-token_in', '-in', join(dir, 'token.der'), '-CAfile', tsa.caFile, '-untrusted', tsa.certFile],
        { stdio: 'pipe' },
      ),
    ).toThrow();
  });

  it('a trusted time is no new record: a quiet incident gets no further checkpoint for it (no checkpoint, token, checkpoint… loop)', async () => {
    await checkpointNow();
    expect((await entries()).at(-1)!.kind).toBe('checkpoint_timestamped');
    testConsole.clock.advance(25 * 60_000);
    testConsole.core.evidence.interval.check();
    await testConsole.core.evidence.settled();
    expect((await entries()).map((entry) => entry.kind)).toEqual(['incident_opened', 'status_changed', 'checkpoint', 'checkpoint_timestamped']);
  });

  it('an export waits for its own trusted time and carries it; both verifiers report it, and a forged token fails', async () => {
    const folder = join(testConsole.dataDir, 'exports', 'stamped');
    const exported = await callOk(testConsole.core, 'postmortem.export', { incidentId: incident.id, folder });
    const text = readFileSync(join(folder, 'timeline-bundle.json'), 'utf8');
    const bundle = JSON.parse(text) as TimelineBundle;
    expect(bundle.entries.slice(-2).map((entry) => entry.kind)).toEqual(['checkpoint', 'checkpoint_timestamped']);
    const report = verifyBundleText(text);
    expect(await standaloneVerify(text)).toEqual(report);
    const genTime = (bundle.entries.at(-1)!.data as EntryData<'checkpoint_timestamped'>).genTime;
    expect(report).toMatchObject({
      verdict: 'verified',
      timestamps: [{ checkpointSeq: exported.checkpoint!.seq, fingerprint: exported.checkpoint!.fingerprint, genTime, tsa: tsa.url }],
    });
    expect(describeReport(report).proven).toContain(
      `Checkpoint #${exported.checkpoint!.seq} (${exported.checkpoint!.fingerprint}) existed by ${genTime}, says the timestamp authority ${tsa.url}: the token's message imprint is the checkpoint's statement hash.`,
    );
    expect(describeReport(report).notProven).toContain(
      "The timestamp authority's own signature on its tokens is not checked here: check it with `openssl ts -verify` (docs/evidence-format.md).",
    );

    // The token's message imprint changed, and the entry's hashes recomputed to match: only the imprint can tell.
    const forged = JSON.parse(text) as TimelineBundle;
    const stamp = forged.entries.at(-1)!;
    const data = stamp.data as EntryData<'checkpoint_timestamped'>;
    const token = Buffer.from(data.token, 'base64');
    const at = token.indexOf(Buffer.from(data.statementHash, 'hex'));
    token[at] = token[at]! ^ 0xff;
    data.token = token.toString('base64');
    stamp.bodyHash = bodyHash({ text: stamp.text!, data: stamp.data! });
    stamp.hash = entryHash(stamp.prevHash, entryHeaderOf(stamp), stamp.bodyHash);
    forged.chains[0]!.head = stamp.hash;
    const refused = verifyBundleText(JSON.stringify(forged));
    expect(refused.failure).toMatchObject({
      check: 'timestamp.token',
      position: forged.entries.length,
      reason: "The token was given for another digest than the checkpoint's statement.",
    });
    expect((await standaloneVerify(JSON.stringify(forged))).failure).toMatchObject({ check: 'timestamp.token', position: forged.entries.length });
  });

  it.each([
    ['answers something that is not a timestamp', 'garbage', /the answer is not a TimeStampResp/],
    ['answers HTTP 500', 'http-500', /the authority answered HTTP 500/],
    ['refuses the request', 'reject', /the authority refused to timestamp \(PKIStatus 2\)/],
    ['answers with a token for another digest', 'other-digest', /the token is for another digest than the one sent/],
  ] as const)('when the authority %s, nothing is journaled for it; the checkpoint stays signed, and the failure is shown once', async (_what, mode, reason) => {
    tsa.mode = mode;
    await checkpointNow();
    expect((await entries()).map((entry) => entry.kind)).toEqual(['incident_opened', 'status_changed', 'checkpoint']);
    const status = await callOk(testConsole.core, 'evidence.status', {});
    expect(status.trustedTime.lastFailure?.message).toMatch(reason);
    expect(notices.filter((notice) => /has no trusted time/.test(notice.message))).toHaveLength(1);
    expect(notices[0]!.message).toMatch(
      /^Checkpoint IC-[0-9a-f]{8} has no trusted time: the timestamp authority .* could not give one \(.*\)\. It stays signed by the device key\.$/,
    );
    // Offline or broken, every checkpoint fails alike: told once, not at each one.
    await callOk(testConsole.core, 'incidents.setStatus', { incidentId: incident.id, status: 'mitigated' });
    await testConsole.core.evidence.settled();
    expect(notices.filter((notice) => /has no trusted time/.test(notice.message))).toHaveLength(1);
  });

  it('when the authority cannot be reached, the same; and a URL that is not http(s) is refused when set', async () => {
    await callOk(testConsole.core, 'evidence.setTimestampAuthority', { url: `http://127.0.0.1:${await freePort()}/tsa` });
    await checkpointNow();
    expect((await entries()).map((entry) => entry.kind)).toEqual(['incident_opened', 'status_changed', 'checkpoint']);
    expect((await callOk(testConsole.core, 'evidence.status', {})).trustedTime.lastFailure?.message).toMatch(/ECONNREFUSED|connect/);
    expect(await answer(testConsole.core, 'evidence.setTimestampAuthority', { url: 'ftp://tsa.example.test' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await callOk(testConsole.core, 'app.settings.get', {})).toMatchObject({ timestampAuthorityUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:/) });
  });
});
