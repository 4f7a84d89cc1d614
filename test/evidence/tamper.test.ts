import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundleFileInParts } from '../../src/main/core/reports/bundle-file-verification';
import { verifyBundleText, type BundleReport, type VerifyOptions } from '../../src/main/core/reports/bundle-verification';
import type { BundleEntry, TimelineBundle } from '../../src/main/core/reports/timeline-bundle';
import { describeReport, verifyBundleText as standaloneVerify } from '../../resources/verifier/verify-core.mjs';
import { rehashFrom } from '../support/rehash-bundle';
import { exportedIncident, type ExportedIncident } from './evidence-fixture';

/**
 * The edits a motivated person could make to an exported bundle, judged by both verifiers: the
 * console's (`npm run verify`: the journal's chain walk and evidence code) and the standalone one
 * in every export folder (verify-bundle.mjs, verify.html), written apart. They must name the same
 * first failure and give the same report; only the wording of a malformed field may differ.
 */
let fx: ExportedIncident;
let bundle: TimelineBundle;
let scratch: string;
beforeAll(async () => {
  fx = await exportedIncident();
  bundle = JSON.parse(fx.bundleText) as TimelineBundle;
  scratch = mkdtempSync(join(tmpdir(), 'incident-console-tamper-'));
});
afterAll(() => {
  fx.testConsole.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

/** Whether the file's line-by-line verifier judged the last text (it leaves one not in the exported layout, or not JSON). */
let judgedByLines = false;

/**
 * Both verifiers on the same text: their reports, which must agree. The text is also verified as a
 * file line by line (what `npm run verify` does with a big one, here on this thread for any size),
 * which must give the very report the text parsed whole gives, where it takes the file at all.
 */
async function judge(text: string, options: VerifyOptions = {}): Promise<BundleReport> {
  const ours = verifyBundleText(text, options);
  const file = join(scratch, 'timeline-bundle.json');
  writeFileSync(file, text);
  const byLines = await verifyBundleFileInParts(file, options, { minBytes: 0, parts: 1 });
  judgedByLines = byLines !== undefined;
  if (byLines) {
    expect(byLines.report, 'verified line by line, the file gives another report').toEqual(ours);
  }
  const theirs = await standaloneVerify(text, options);
  const comparable = (report: BundleReport) => ({
    ...report,
    failure: report.failure && { ...report.failure, reason: report.failure.check.endsWith('shape') ? '' : report.failure.reason },
  });
  expect(comparable(theirs), `the standalone verifier disagrees:\n${JSON.stringify({ ours: ours.failure, theirs: theirs.failure })}`).toEqual(comparable(ours));
  return ours;
}

const copy = (): TimelineBundle => JSON.parse(fx.bundleText) as TimelineBundle;
const positionOf = (kind: string, nth = 0) =>
  bundle.entries.map((entry, index) => ({ entry, position: index + 1 })).filter(({ entry }) => entry.kind === kind)[nth]!.position;
const checkpointReason = (entry: BundleEntry) => (entry.data as { statement: { reason: string } }).statement.reason;

describe('an export as written', () => {
  it('verifies in both verifiers: every entry unchanged since the signed export checkpoint, the witness found, the expected key used', async () => {
    const report = await judge(fx.bundleText, { witnesses: [fx.witness], expectedKeys: [fx.keyFingerprint.slice(0, 16)] });
    const last = bundle.entries.at(-1)!;
    expect(report).toMatchObject({
      verdict: 'verified',
      failure: null,
      entryCount: bundle.entries.length,
      chain: { verified: bundle.entries.length, legacyEntries: 0 },
      exportCheckpoint: { seq: last.seq, fingerprint: bundle.exportCheckpoint.entryId === null ? '' : bundle.exportCheckpoint.fingerprint },
      witnesses: [{ fingerprint: fx.witness, seq: expect.any(Number) }],
      expectedKeys: [{ key: fx.keyFingerprint, found: true }],
    });
    expect(last.kind).toBe('checkpoint');
    expect(report.checkpoints.map((checkpoint) => checkpoint.reason)).toEqual(['status_changed', 'update_posted', 'closed', 'export']);
    expect(report.checkpoints.every((checkpoint) => checkpoint.key === fx.keyFingerprint)).toBe(true);
    const { proven, notProven } = describeReport(report);
    expect(proven).toContain(
      `Entries 1–${last.seq - 1} are unchanged since checkpoint #${last.seq} (${report.checkpoints.at(-1)!.fingerprint}, made for the export), signed by device key ${fx.keyFingerprint.slice(0, 16).match(/.{4}/g)!.join(' ')} of device ${last.device} at ${last.recordedAt} (the device's clock is its claim; a signature proves a device key, not a person).`,
    );
    expect(notProven).toContain('A signature proves a device key, not a person: anyone who could use that console and its keychain could have signed.');
  });
});

describe('tampering, as both verifiers see it', () => {
  it('one byte changed anywhere in the file is named: a failure at the entry that holds it, or at the field outside the entries', async () => {
    const bytes = Buffer.from(fx.bundleText, 'utf8');
    const entriesStart = bytes.indexOf('"entries": [');
    // Where each entry's line starts and ends, to know which entry a byte belongs to.
    const spans = bundle.entries.map((entry) => {
      const start = bytes.indexOf(JSON.stringify(entry));
      return { start, end: start + Buffer.byteLength(JSON.stringify(entry)) };
    });
    expect(spans.every((span) => span.start > entriesStart)).toBe(true);
    // Every byte of the header and of the last (signed export) checkpoint, and every 7th byte elsewhere.
    const last = spans.at(-1)!;
    const positions = [...bytes.keys()].filter((at) => at < entriesStart || (at >= last.start && at < last.end) || at % 7 === 0);
    const outside = new Set<string>();
    let inEntryLines = 0;
    for (const at of positions) {
      const changed = Buffer.from(bytes);
      changed[at] = changed[at]! ^ 0x01;
      const report = await judge(changed.toString('utf8'));
      const where = `byte ${at} (${JSON.stringify(String.fromCharCode(bytes[at]!))}): ${JSON.stringify(report.failure)}`;
      expect(report.verdict, where).toBe('failed');
      const inEntry = spans.findIndex((span) => at >= span.start && at < span.end);
      if (inEntry >= 0 && report.failure!.check !== 'bundle.json') {
        expect(report.failure!.position, where).toBe(inEntry + 1);
        // A changed entry that is still JSON leaves the exported layout as it was.
        expect(judgedByLines, `${where}: not judged line by line`).toBe(true);
        inEntryLines += 1;
      }
      if (inEntry < 0) outside.add(report.failure!.check);
    }
    // Outside the entries, each part of the bundle has its own check.
    expect([...outside].sort()).toEqual(
      expect.arrayContaining([
        'bundle.json',
        'bundle.shape',
        'bundle.version',
        'chains',
        'devices.key',
        'devices.unused',
        'exportedAt',
        'export.checkpoint',
        'incident',
      ]),
    );
    expect(positions.length).toBeGreaterThan(1000);
    expect(inEntryLines).toBeGreaterThan(500);
  });

  it('an entry rewritten and the whole chain rehashed consistently fails at the next checkpoint: its signed statement no longer matches', async () => {
    const edited = copy();
    const note = positionOf('note');
    edited.entries[note - 1]!.text = 'Error rate 3% on checkout';
    rehashFrom(edited, note, false);
    const report = await judge(JSON.stringify(edited));
    const firstCheckpoint = edited.entries.findIndex((entry, index) => index >= note && entry.kind === 'checkpoint') + 1;
    expect(report.failure).toMatchObject({
      check: 'checkpoint.statement',
      position: firstCheckpoint,
      reason: expect.stringMatching(/an entry before it was changed after it was signed/),
    });
    // Everything before the checkpoint links: the chain alone could not have told.
    expect(report.chain.verified).toBe(firstCheckpoint - 1);
  });

  it('… and when the statements are rewritten to match, their signatures fail', async () => {
    const edited = copy();
    const note = positionOf('note');
    edited.entries[note - 1]!.text = 'Error rate 3% on checkout';
    rehashFrom(edited, note, true);
    const report = await judge(JSON.stringify(edited));
    const firstCheckpoint = edited.entries.findIndex((entry, index) => index >= note && entry.kind === 'checkpoint') + 1;
    expect(report.failure).toMatchObject({
      check: 'checkpoint.signature',
      position: firstCheckpoint,
      reason: expect.stringMatching(/signature does not verify/),
    });
  });

  it('… and with the signatures stripped too, it only passes as unsigned, which an expected key or a witness refuses', async () => {
    const edited = copy();
    const note = positionOf('note');
    edited.entries[note - 1]!.text = 'Error rate 3% on checkout';
    for (const entry of edited.entries.filter((candidate) => candidate.kind === 'checkpoint')) {
      const data = entry.data as { statement: { keyFingerprint: string | null }; signature: string | null; unsignedBecause?: string };
      data.statement.keyFingerprint = null;
      data.signature = null;
      data.unsignedBecause = 'no keychain';
    }
    edited.devices = edited.devices.map((device) => ({ ...device, keys: [] }));
    rehashFrom(edited, note, true);
    const lastEntry = edited.entries.at(-1)!;
    edited.exportCheckpoint = { entryId: lastEntry.id, fingerprint: (await standaloneVerify(JSON.stringify(edited))).checkpoints.at(-1)!.fingerprint };
    const unsigned = await judge(JSON.stringify(edited));
    expect(unsigned).toMatchObject({ verdict: 'limited', failure: null });
    expect(describeReport(unsigned).notProven).toContain('No checkpoint here is signed: the chain proves only that it is consistent with itself.');
    expect((await judge(JSON.stringify(edited), { expectedKeys: [fx.keyFingerprint] })).failure).toMatchObject({ check: 'expected-key' });
    expect((await judge(JSON.stringify(edited), { witnesses: [fx.witness] })).failure).toMatchObject({ check: 'witness' });
  });

  it('a truncated tail is reported against the last checkpoint left: the export checkpoint is missing', async () => {
    const edited = copy();
    const closed = edited.entries.findIndex((entry) => entry.kind === 'checkpoint' && checkpointReason(entry) === 'closed') + 1;
    edited.entries = edited.entries.slice(0, closed);
    edited.chains[0] = { ...edited.chains[0]!, entryCount: closed, head: edited.entries.at(-1)!.hash };
    const report = await judge(JSON.stringify(edited));
    const left = report.checkpoints.at(-1)!;
    expect(left.seq).toBe(closed);
    expect(report.failure).toMatchObject({
      check: 'export.checkpoint',
      reason: `The export's checkpoint ${bundle.exportCheckpoint.entryId ? bundle.exportCheckpoint.fingerprint : ''} is not in the bundle: its end was cut off. The last checkpoint here is #${left.seq} (${left.fingerprint}, made ${left.at}): entries after it may have been removed.`,
    });
  });

  it('… and against a witnessed fingerprint, even when the bundle is made to claim it could write no export checkpoint', async () => {
    const edited = copy();
    const posted = edited.entries.findIndex((entry) => entry.kind === 'checkpoint' && checkpointReason(entry) === 'update_posted');
    edited.entries = edited.entries.slice(0, posted);
    edited.chains[0] = { ...edited.chains[0]!, entryCount: posted, head: edited.entries.at(-1)!.hash };
    edited.exportCheckpoint = { entryId: null, because: 'the journal could not be written: read-only' };
    const alone = await judge(JSON.stringify(edited));
    const left = alone.checkpoints.at(-1)!;
    expect(alone).toMatchObject({ verdict: 'limited', failure: null });
    expect(describeReport(alone).notProven).toContain(
      `The bundle carries no export checkpoint (the journal could not be written: read-only, as the bundle itself says): nothing signs what follows checkpoint #${left.seq}, and nothing proves that no entries followed the last one.`,
    );
    const witnessed = await judge(JSON.stringify(edited), { witnesses: [fx.witness] });
    expect(witnessed.failure).toMatchObject({
      check: 'witness',
      reason: `The witnessed ${fx.witness} is not a checkpoint of this history: the history a witness saw is not this one, or its end was cut off. The last checkpoint here is #${left.seq} (${left.fingerprint}, made ${left.at}).`,
    });
  });

  it('a checkpoint signed by a key the device never announced, or a forged key change, is refused', async () => {
    const edited = copy();
    const rotated = {
      ...edited.devices[0]!.keys[0]!,
      fingerprint: 'f73331fb4390c7991f1bf930016aed86dda984aa3ed043db377e03cb9802461e',
      publicKey: 'Vxpm9PjLYug6fwgP1mDDnKCD8LryLSlccylpWy7ZcQw=',
    };
    edited.devices[0]!.keys.push(rotated);
    const checkpoint = positionOf('checkpoint', 1);
    (edited.entries[checkpoint - 1]!.data as { statement: { keyFingerprint: string } }).statement.keyFingerprint = rotated.fingerprint;
    rehashFrom(edited, checkpoint, false);
    expect((await judge(JSON.stringify(edited))).failure).toMatchObject({ check: 'checkpoint.key', position: checkpoint });
  });
});

describe('verify-bundle.mjs, from a folder outside the repository with no node_modules', () => {
  let away: string;
  beforeAll(() => {
    away = mkdtempSync(join(tmpdir(), 'incident-console-verify-away-'));
    for (const name of ['verify-bundle.mjs', 'timeline-bundle.json']) copyFileSync(join(fx.folder, name), join(away, name));
  });
  afterAll(() => rmSync(away, { recursive: true, force: true }));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['verify-bundle.mjs', ...args], { cwd: away, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });

  it('is nowhere near a node_modules folder', () => {
    for (let folder = away; folder !== dirname(folder); folder = dirname(folder)) expect(existsSync(join(folder, 'node_modules')), folder).toBe(false);
    expect(away.startsWith(process.cwd())).toBe(false);
  });

  it('verifies the bundle beside it, and says the same as npm run verify, word for word', () => {
    const result = run('--witness', fx.witness, '--key', fx.keyFingerprint.slice(0, 16).match(/.{4}/g)!.join(' '));
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^VERIFIED: incident "Checkout API returning 500s"/);
    expect(result.stdout).toContain(`The witnessed ${fx.witness} is checkpoint #`);
    const npm = execFileSync(
      'npm',
      ['run', '--silent', 'verify', '--', join(away, 'timeline-bundle.json'), '--witness', fx.witness, '--key', fx.keyFingerprint.slice(0, 16)],
      {
        encoding: 'utf8',
      },
    );
    expect(npm).toBe(result.stdout);
  });

  it('names the first failure and exits 1 for a changed bundle, and 2 on a wrong argument', () => {
    const edited = copy();
    const note = positionOf('note');
    edited.entries[note - 1]!.text = 'Error rate 3% on checkout';
    writeFileSync(join(away, 'edited.json'), JSON.stringify(edited));
    const result = run('edited.json');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^FAILED: incident "Checkout API returning 500s"/);
    expect(result.stderr).toContain(
      `First failure: Entry #${note}, id ${edited.entries[note - 1]!.id}: body does not match its hash (text or data changed after it was written) [entry.link]`,
    );
    expect(run('--frobnicate').status).toBe(2);
  });
});

describe('bundles from before device keys', () => {
  const v1 = readFileSync(join(import.meta.dirname, 'fixtures', 'bundle-v1.json'), 'utf8');

  it('a version 1 bundle (as the console exported them before) still verifies, as unsigned history, said so', async () => {
    const report = await judge(v1);
    expect(report).toMatchObject({ verdict: 'limited', version: 1, failure: null, chain: { verified: 25 } });
    expect(describeReport(report).headline).toBe(
      'VERIFIED, WITH LIMITS: incident "Checkout API returning 500s" (848c9706-1e66-43bb-baae-dda3a5cceb4b), 25 entries (see what is not proven).',
    );
    expect(describeReport(report).notProven[0]).toMatch(/^This bundle is unsigned history \(format 1, exported before device keys existed\)/);
    const out = execFileSync('npm', ['run', '--silent', 'verify', '--', join(import.meta.dirname, 'fixtures', 'bundle-v1.json')], { encoding: 'utf8' });
    expect(out).toMatch(/^VERIFIED, WITH LIMITS/);
  });

  it('… and still catches an edit in one', async () => {
    const edited = JSON.parse(v1) as { entries: Array<{ text: string | null }> };
    edited.entries[4]!.text = 'edited';
    expect((await judge(JSON.stringify(edited))).failure).toMatchObject({ check: 'entry.link', position: 5 });
  });
});
