import { spawnSync } from 'node:child_process';
import { closeSync, fstatSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedEntry } from '../../bench/seed-journal';
import { entryHash, entryHeaderOf } from '../../src/main/core/journal/chain';
import { entryLineParts, entryLinesLayout } from '../../src/main/core/reports/bundle-entry-lines';
import { IN_PARTS_MIN_BYTES, verifyBundleFileInParts } from '../../src/main/core/reports/bundle-file-verification';
import { verifyBundleText, type VerifyOptions } from '../../src/main/core/reports/bundle-verification';
import { serializeBundle, type TimelineBundle } from '../../src/main/core/reports/timeline-bundle';
import { reportLines } from '../../resources/verifier/verify-core.mjs';
import { exportedIncident, type ExportedIncident } from '../evidence/evidence-fixture';
import { createJournalFixture, type JournalFixture } from '../journal/journal-fixture';
import { rehashFrom } from '../support/rehash-bundle';
import { unsignedBundle } from '../support/unsigned-bundle';

// A bundle file verified as `npm run verify` verifies a big one: its entry lines in three parts,
// each walked in a worker thread at once. Every report must be the one the text parsed whole gives.
const PARTS = 3;
const COUNT = 3_000;
let signed: ExportedIncident;
let fx: JournalFixture;
let long: TimelineBundle;
let dir: string;
beforeAll(async () => {
  signed = await exportedIncident();
  fx = createJournalFixture();
  const incidentId = fx.journal.createIncident({ title: 'A long night', detectedBy: 'alert' }).id;
  // Its body redacted at the end of the bundle: the part that walks the redaction is not the part that walks the entry.
  const leaked = fx.journal.append(incidentId, { kind: 'note', text: 'token pasted by mistake', data: {} });
  fx.journal.appendBatch(
    incidentId,
    Array.from({ length: COUNT - 3 }, (_, i) => seedEntry(i + 1)),
  );
  fx.journal.append(incidentId, { kind: 'redaction', text: 'Contained a token', data: {}, refersTo: leaked.id });
  long = unsignedBundle(fx.journal, incidentId, fx.clock.now().toISOString());
  dir = mkdtempSync(join(tmpdir(), 'incident-console-in-parts-'));
});
afterAll(() => {
  signed.testConsole.dispose();
  fx.dispose();
  rmSync(dir, { recursive: true, force: true });
});

let files = 0;
function fileOf(text: string): string {
  const path = join(dir, `bundle-${(files += 1)}.json`);
  writeFileSync(path, text);
  return path;
}

/** The file verified in parts, its report held to the one the text parsed whole gives; and how many threads walked it. */
async function inParts(text: string, options: VerifyOptions = {}): Promise<{ threads: number; report: ReturnType<typeof verifyBundleText> }> {
  const verified = await verifyBundleFileInParts(fileOf(text), options, { minBytes: 0, parts: PARTS });
  expect(verified, 'the file was not verified in parts').toBeDefined();
  expect(verified!.report).toEqual(verifyBundleText(text, options));
  return verified!;
}

/** The position of the first entry of the second part the file of this text is cut into. */
function firstOfSecondPart(text: string): number {
  const fd = openSync(fileOf(text), 'r');
  try {
    const layout = entryLinesLayout(fd, fstatSync(fd).size)!;
    const [, second] = entryLineParts(fd, layout, PARTS);
    return Buffer.from(text).subarray(0, second!.start).toString('utf8').split('\n').length - text.slice(0, text.indexOf('"entries": [')).split('\n').length;
  } finally {
    closeSync(fd);
  }
}

const copy = (bundle: TimelineBundle): TimelineBundle => structuredClone(bundle);

describe.skipIf(availableParallelism() < 2)('a bundle file verified in parts at once', () => {
  it('a signed export: every part walked in a thread of its own, the signatures, the witness and the expected key checked as in one walk', async () => {
    const options = { witnesses: [signed.witness], expectedKeys: [signed.keyFingerprint.slice(0, 16)] };
    const { threads, report } = await inParts(signed.bundleText, options);
    expect(threads).toBe(PARTS);
    expect(report).toMatchObject({ verdict: 'verified', failure: null, witnesses: [{ fingerprint: signed.witness }], expectedKeys: [{ found: true }] });
    expect(report.checkpoints.map((checkpoint) => checkpoint.reason)).toEqual(['status_changed', 'update_posted', 'closed', 'export']);
  });

  it('a long bundle whose redaction is in another part than the body it removed', async () => {
    const { threads, report } = await inParts(serializeBundle(long));
    expect(threads).toBe(PARTS);
    expect(report).toMatchObject({ verdict: 'limited', failure: null, entryCount: COUNT, chain: { verified: COUNT } });
    expect(long.entries[1]!.text).toBeNull();
  });

  it('a redaction cut off the end is named, though each part on its own links', async () => {
    const cut = copy(long);
    cut.entries.pop();
    cut.chains[0] = { ...cut.chains[0]!, entryCount: COUNT - 1, head: cut.entries.at(-1)!.hash };
    const { threads, report } = await inParts(serializeBundle(cut));
    expect(threads).toBe(PARTS);
    expect(report.failure).toMatchObject({ check: 'entry.body', position: 2 });
  });

  it('an edited body is named as one walk names it: the parts before its own joined, the lines walked on this thread from its part on', async () => {
    for (const [at, joined] of [
      [10, 0],
      [Math.round(COUNT / 2), 1],
      [COUNT - 10, 2],
    ] as const) {
      const edited = copy(long);
      edited.entries[at - 1]!.text = `${edited.entries[at - 1]!.text ?? ''} (edited)`;
      const { threads, report } = await inParts(serializeBundle(edited));
      expect(threads, `entry ${at}`).toBe(joined);
      expect(report.failure, `entry ${at}`).toMatchObject({ check: 'entry.link', position: at, reason: expect.stringMatching(/^body does not match/) });
    }
  });

  it('entries of another device, or of none, from within a part on or from the first entry of a part on: named at the first of them', async () => {
    const mixed = copy(long);
    for (const entry of mixed.entries) entry.device = 'device-a';
    const partStart = firstOfSecondPart(serializeBundle(mixed));
    const changes: Array<[number, string | undefined]> = [
      [Math.round(COUNT / 2), 'device-b'],
      [partStart, 'device-b'],
      [partStart, undefined],
    ];
    for (const [at, device] of changes) {
      const edited = copy(mixed);
      for (const entry of edited.entries.slice(at - 1)) {
        // A line as long as before, so that the parts are cut where they were: `"device":"device-a",` is 20 bytes.
        if (device === undefined) entry.text = `${entry.text ?? ''}${'x'.repeat(20)}`;
        entry.device = device;
      }
      rehashFrom(edited, 1, false);
      // The bundle claims device-a's chain alone: only the entries' own devices say otherwise.
      edited.devices = [{ deviceId: 'device-a', keys: [] }];
      edited.chains[0]!.device = 'device-a';
      const text = serializeBundle(edited);
      expect(firstOfSecondPart(text)).toBe(partStart);
      const { threads, report } = await inParts(text);
      expect(threads, `from entry ${at}`).toBe(1);
      expect(report.failure, `from entry ${at}`).toMatchObject({ check: 'entry.device', position: at });
    }
  });

  it('a part whose first entry does not link to the part before it, the rest of it rehashed to match, and a malformed entry within a part', async () => {
    // Without the redaction, which would be missed too and so hide a join not made.
    const whole = copy(long);
    whole.entries[1] = { ...whole.entries[1]!, text: 'token pasted by mistake', data: {} };
    whole.entries.pop();
    whole.chains[0] = { ...whole.chains[0]!, entryCount: COUNT - 1, head: whole.entries.at(-1)!.hash };
    expect((await inParts(serializeBundle(whole))).threads).toBe(PARTS);
    const unlinked = copy(whole);
    const partStart = firstOfSecondPart(serializeBundle(unlinked));
    const first = unlinked.entries[partStart - 1]!;
    first.prevHash = 'f'.repeat(64);
    first.hash = entryHash(first.prevHash, entryHeaderOf(first), first.bodyHash);
    rehashFrom(unlinked, partStart + 1, false);
    const text = serializeBundle(unlinked);
    expect(firstOfSecondPart(text)).toBe(partStart);
    const linked = await inParts(text);
    expect(linked.threads).toBe(1);
    expect(linked.report.failure).toMatchObject({ check: 'entry.link', position: partStart, reason: 'does not link to the entry before it (prevHash)' });

    const malformed = copy(long);
    const at = Math.round(COUNT / 2);
    (malformed.entries[at - 1] as unknown as Record<string, unknown>).pinned = true;
    const shaped = await inParts(serializeBundle(malformed));
    expect(shaped.threads).toBe(1);
    expect(shaped.report.failure).toMatchObject({ check: 'entry.shape', position: at });
  });

  it('a note rewritten and the chain rehashed: every part links, and the next checkpoint is named, as one walk names it', async () => {
    const edited = JSON.parse(signed.bundleText) as TimelineBundle;
    const note = edited.entries.findIndex((entry) => entry.kind === 'note') + 1;
    edited.entries[note - 1]!.text = 'Error rate 3% on checkout';
    rehashFrom(edited, note, false);
    const { threads, report } = await inParts(serializeBundle(edited));
    expect(threads).toBe(0);
    expect(report.failure).toMatchObject({ check: 'checkpoint.statement' });
  });

  it('a line that is not JSON after an entry that does not link is left to the whole text, which says the file is not JSON', async () => {
    const edited = copy(long);
    edited.entries[9]!.text = 'edited';
    const lines = serializeBundle(edited).split('\n');
    const late = lines.length - 10;
    lines[late] = lines[late]!.replace('{"id"', '{id');
    const text = lines.join('\n');
    expect(await verifyBundleFileInParts(fileOf(text), {}, { minBytes: 0, parts: PARTS })).toBeUndefined();
    expect(await verifyBundleFileInParts(fileOf(text), {}, { minBytes: 0, parts: 1 })).toBeUndefined();
    expect(verifyBundleText(text).failure).toMatchObject({ check: 'bundle.json' });
  });

  it('a file in another layout, or smaller than the size worth parts, is left to the whole text', async () => {
    expect(await verifyBundleFileInParts(fileOf(JSON.stringify(long, null, 2)), {}, { minBytes: 0, parts: PARTS })).toBeUndefined();
    expect(await verifyBundleFileInParts(fileOf(JSON.stringify(long)), {}, { minBytes: 0, parts: PARTS })).toBeUndefined();
    expect(await verifyBundleFileInParts(fileOf(serializeBundle(long)), {})).toBeUndefined();
    // A later `entries` would be the one JSON.parse takes, not the lines.
    const twice = serializeBundle(long).replace(/\n {2}\]\n\}\n$/, '\n  ],\n  "entries": []\n}\n');
    expect(await verifyBundleFileInParts(fileOf(twice), {}, { minBytes: 0, parts: PARTS })).toBeUndefined();
  });

  it('a named pipe is left alone at once, not opened to wait for a writer', async () => {
    const pipe = join(dir, 'bundle.fifo');
    expect(spawnSync('mkfifo', [pipe]).status).toBe(0);
    expect(await verifyBundleFileInParts(pipe, {}, { minBytes: 0, parts: PARTS })).toBeUndefined();
  });
});

describe('npm run verify on a bundle big enough to be read line by line', () => {
  it('gives the report, word for word, of the file parsed whole: verified, and with one entry edited', async () => {
    // Each entry's text made longer, and the chain rehashed, until the file is past the size worth parts.
    const big = copy(long);
    const padding = 'x'.repeat(Math.ceil(IN_PARTS_MIN_BYTES / COUNT));
    for (const entry of big.entries) if (entry.text !== null) entry.text += padding;
    rehashFrom(big, 1, false);
    const at = Math.round(COUNT * 0.7);
    const edited = copy(big);
    edited.entries[at - 1]!.text = `${edited.entries[at - 1]!.text!.slice(0, -3)}yyy`;
    for (const [bundle, status] of [
      [big, 0],
      [edited, 1],
    ] as const) {
      const text = serializeBundle(bundle);
      expect(Buffer.byteLength(text)).toBeGreaterThan(IN_PARTS_MIN_BYTES);
      const file = fileOf(text);
      const whole = verifyBundleText(text);
      expect(whole.verdict).toBe(status === 0 ? 'limited' : 'failed');
      // What npm run verify calls first takes a file of this size, as it is, in parts.
      expect((await verifyBundleFileInParts(file))?.report).toEqual(whole);
      const run = spawnSync('npm', ['run', '--silent', 'verify', '--', file], { encoding: 'utf8' });
      expect(run.status).toBe(status);
      expect(status === 0 ? run.stdout : run.stderr).toBe(`${reportLines(whole).join('\n')}\n`);
    }
  });
});
