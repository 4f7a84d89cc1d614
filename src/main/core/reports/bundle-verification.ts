import { errorMessage } from '../../../shared/errors';
import type { CheckpointStatement, KeyRotationStatement } from '../../../shared/evidence-statements';
import { shortFingerprint } from '../../../shared/evidence-statements';
import { keyFingerprint, verifySignature } from '../evidence/device-key';
import { OID } from '../evidence/der';
import { statesEvidence } from '../evidence/evidence-kinds';
import { statementBytes, statementHash, witnessFingerprint } from '../evidence/statements';
import { timestampInfo } from '../evidence/timestamp-token';
import { hashedAtOnce, type DigestCheck } from '../journal/chain';
import { ChainWalk, UNACCOUNTED_BODY, type WalkedPart } from '../journal/chain-link';
import { DigestsInWorker } from '../journal/digests-in-worker';
import { asciiJsonText } from './ascii-json-text';
import type { BundleReport, ReportCheckpoint, VerifyOptions } from './bundle-report';
import { BundleEntryV1, BundleEntryV2, BundleHead, BundleV1, BundleV2, CheckpointData, firstIssue, RotationData, TimestampData } from './bundle-shapes';
import { quickEntry } from './bundle-entry-quick-shape';
import { DeviceRun } from './device-run';

export type { BundleReport, VerifyOptions };

type Entry = ReturnType<typeof BundleEntryV2.parse>;

/** What the checks after the walk need of the entries walked: how many, the first and the last. */
interface WalkedEntries {
  count: number;
  first: Entry | undefined;
  last: Entry | undefined;
}

/**
 * A part of a bundle's entries walked apart, in a worker thread (bundle-part-worker.ts), every entry
 * of it linked: its walk to join, its devices, its first and last entries and its evidence entries
 * (`index` in the part, from 0), which the bundle's check takes in order.
 */
export interface BundlePartWalked {
  count: number;
  walked: WalkedPart;
  devices: Pick<DeviceRun, 'device' | 'legacy'>;
  first: Entry;
  last: Entry;
  evidence: Array<{ index: number; entry: Entry }>;
}

/**
 * A version 2 bundle's entries given apart from the rest of it (a big file's, read line by line),
 * `count` of them: all to walk here, or its parts walked already in worker threads (PartsApart).
 * Its own `entries` are then an empty array.
 */
export type EntriesApart = { entries: Iterable<unknown>; count: number } | PartsApart;

/**
 * Parts walked in worker threads, in order, undefined where a part's walk did not link: they are
 * joined up to the first that is undefined or does not follow the ones before it, and the entries
 * from that part's first on (`entriesFrom`) are walked here, so the first failure is named as one
 * walk names it. An evidence entry of a joined part that fails its check throws PartsDoNotSettle:
 * the report one walk gives would have been made entry by entry up to it, so the caller walks the
 * entries itself.
 */
export interface PartsApart {
  parts: ReadonlyArray<BundlePartWalked | undefined>;
  entriesFrom(part: number): Iterable<unknown>;
  count: number;
}

/** An evidence entry of a part walked apart failed its check: the bundle's entries must be walked in one walk to report it. */
export class PartsDoNotSettle extends Error {}

/** The first failure, thrown to end the walk; the report keeps what was found before it. */
class Failed extends Error {
  constructor(
    readonly check: string,
    reason: string,
    readonly at: { position: number; entry?: { seq?: unknown; id?: unknown } } | null = null,
  ) {
    super(reason);
  }
}

const short = (fingerprint: string) => shortFingerprint(fingerprint);

/**
 * Verifies an exported bundle (docs/evidence-format.md, "Verifying") with the journal's own chain
 * walk and the console's evidence code, and reports what is proven and the first thing that
 * fails. The standalone verifiers beside every export implement the same steps independently.
 */
export function verifyBundle(raw: unknown, options: VerifyOptions = {}): BundleReport {
  return verifyBundleWith(raw, options, hashedAtOnce);
}

/**
 * Below this many entries a bundle is verified on one thread: a thread started from the sources
 * (`npm run verify` runs under tsx) takes 0.2–0.5 s to start, and sharing the cores while it does
 * made bundles of 100,000 entries slower, not faster (bench/README.md, 2026-12-02 evening).
 */
export const PARALLEL_BUNDLE_MIN = 200_000;

/**
 * verifyBundle, with the entries' SHA-256 done in worker threads while the walk goes on
 * (DigestsInWorker), for a big bundle where the machine has more than one core; `threads` are
 * ones already started (a test's), used whatever the bundle's size. The walk takes each digest on
 * trust until the threads' verdict: where any did not match, or the walk failed, the bundle is
 * verified again on one thread, which names the first failure as verifyBundle does.
 */
export async function verifyBundleInParallel(raw: unknown, options: VerifyOptions = {}, threads?: DigestsInWorker): Promise<BundleReport> {
  const entries = (raw as { entries?: unknown } | null)?.entries;
  const digests = threads ?? (Array.isArray(entries) && entries.length >= PARALLEL_BUNDLE_MIN ? DigestsInWorker.start() : undefined);
  if (!digests) return verifyBundle(raw, options);
  let report: BundleReport;
  try {
    report = verifyBundleWith(raw, options, digests);
  } catch (error) {
    digests.abandon();
    throw error;
  }
  if (report.verdict === 'failed') {
    digests.abandon();
    return verifyBundle(raw, options);
  }
  return (await digests.verdict()) ? report : verifyBundle(raw, options);
}

/**
 * verifyBundle of a version 2 bundle whose entries come apart from it (EntriesApart): the same
 * checks in the same order, and the same report. Parts walked in worker threads are taken as
 * linked; from the first that is not, the entries are walked here. Throws PartsDoNotSettle (see
 * PartsApart). `partsJoined`: how many parts the report stands on.
 */
export function verifyBundleApart(raw: unknown, apart: EntriesApart, options: VerifyOptions = {}): { report: BundleReport; partsJoined: number } {
  const report = emptyReport();
  const check = new BundleCheck(report, options, hashedAtOnce);
  checked(report, () => check.run(raw, apart));
  return { report, partsJoined: check.partsJoined };
}

function verifyBundleWith(raw: unknown, options: VerifyOptions, digests: DigestCheck): BundleReport {
  const report = emptyReport();
  checked(report, () => new BundleCheck(report, options, digests).run(raw));
  return report;
}

function emptyReport(): BundleReport {
  return {
    verdict: 'failed',
    version: null,
    incident: null,
    entryCount: 0,
    failure: null,
    chain: { device: null, verified: 0, legacyEntries: 0, head: '' },
    checkpoints: [],
    keyChanges: [],
    timestamps: [],
    exportCheckpoint: null,
    witnesses: [],
    expectedKeys: [],
  };
}

/** The checks run into the report: the first failure thrown is written into it, and ends them. */
function checked(report: BundleReport, run: () => void): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof Failed)) throw error;
    const entry = error.at?.entry;
    report.failure = {
      check: error.check,
      reason: error.message,
      position: error.at?.position ?? null,
      seq: typeof entry?.seq === 'number' ? entry.seq : null,
      entryId: typeof entry?.id === 'string' ? entry.id : null,
    };
    report.verdict = 'failed';
  }
}

/** The same, from the bundle file's text: a file that is not JSON is a failure like any other. */
export function verifyBundleText(text: string, options: VerifyOptions = {}): BundleReport {
  const raw = parseBundleText(text);
  return raw.parsed ? verifyBundle(raw.value, options) : notJson(raw.error, options);
}

/** A bundle file's text parsed once: `npm run verify` reads its format and verifies it from the one parse (a 1,000,000-entry file takes seconds to parse). */
export type ParsedBundleText = { parsed: true; value: unknown } | { parsed: false; error: unknown };

export function parseBundleText(text: string): ParsedBundleText {
  try {
    return { parsed: true, value: JSON.parse(text) };
  } catch (error) {
    return { parsed: false, error };
  }
}

/**
 * A bundle file's bytes parsed as parseBundleText parses its UTF-8 text, from its ASCII-escaped
 * text where that can be made (asciiJsonText: 40 % less time decoding the bench's 523 MB bundle). A
 * file that does not parse so is decoded and parsed as it is, so what JSON.parse says of it names
 * positions in the file itself.
 */
export function parseBundleBytes(bytes: Buffer): ParsedBundleText {
  const ascii = asciiJsonText(bytes);
  if (ascii !== undefined) {
    const parsed = parseBundleText(ascii);
    if (parsed.parsed) return parsed;
  }
  return parseBundleText(bytes.toString('utf8'));
}

/** verifyBundleText from a parse already made, with a big bundle's hashing in worker threads (verifyBundleInParallel): what `npm run verify` runs. */
export async function verifyParsedBundleInParallel(raw: ParsedBundleText, options: VerifyOptions = {}): Promise<BundleReport> {
  return raw.parsed ? verifyBundleInParallel(raw.value, options) : notJson(raw.error, options);
}

function notJson(error: unknown, options: VerifyOptions): BundleReport {
  const report = verifyBundle(undefined, options);
  report.failure = {
    check: 'bundle.json',
    reason: `The file is not JSON: ${errorMessage(error)}`,
    position: null,
    seq: null,
    entryId: null,
  };
  return report;
}

/** Where a failure is: made only when one is thrown, not for every entry walked. */
const failedAt = (position: number, entry: Entry): Failed['at'] => ({ position, entry: { seq: entry.seq, id: entry.id } });

/**
 * An entry checked by its schema, where quickEntry did not take it or the walk failed on it: the
 * schema names what is malformed. Outside the walk's loop, which makes no function per entry.
 */
function shapeChecked(shape: typeof BundleEntryV1 | typeof BundleEntryV2, candidate: unknown, position: number): Entry {
  const parsed = shape.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const loose = (candidate ?? {}) as { seq?: unknown; id?: unknown };
  throw new Failed('entry.shape', `Malformed entry: ${firstIssue(parsed.error)}`, { position, entry: loose });
}

class BundleCheck {
  private readonly keys = new Map<string, string>();
  private readonly checkpointsById = new Map<string, { statement: CheckpointStatement; record: ReportCheckpoint; position: number }>();
  private currentKey: string | null = null;
  private readonly devices = new DeviceRun();
  /** How many parts walked apart the walk joined (PartsApart). */
  partsJoined = 0;

  constructor(
    private readonly report: BundleReport,
    private readonly options: VerifyOptions,
    private readonly digests: DigestCheck,
  ) {}

  run(raw: unknown, apart?: EntriesApart): void {
    const head = BundleHead.safeParse(raw);
    if (!head.success) throw new Failed('bundle.shape', `Not a timeline bundle: ${firstIssue(head.error)}`);
    this.report.version = head.data.version;
    if (head.data.version === 1) return this.runV1(raw);
    if (head.data.version !== 2) throw new Failed('bundle.version', `Format version ${head.data.version} is not one this verifier knows (1 and 2).`);
    const parsed = BundleV2.safeParse(raw);
    if (!parsed.success) throw new Failed('bundle.shape', `Not a timeline bundle of version 2: ${firstIssue(parsed.error)}`);
    const bundle = parsed.data;
    this.report.incident = { id: bundle.incident.id, title: bundle.incident.title };
    this.report.entryCount = bundle.entries.length;
    if (apart) this.report.entryCount = apart.count;
    for (const [d, device] of bundle.devices.entries()) {
      for (const [k, key] of device.keys.entries()) {
        if (keyFingerprint(key.publicKey) !== key.fingerprint) {
          throw new Failed('devices.key', `devices[${d}].keys[${k}]: the fingerprint is not sha256 of the public key beside it.`);
        }
        this.keys.set(key.fingerprint, key.publicKey);
      }
    }
    const walked =
      apart && 'parts' in apart
        ? this.joinParts(bundle.incident.id, apart)
        : this.walk(bundle.incident.id, apart?.entries ?? bundle.entries, BundleEntryV2, true);
    this.checkChains(bundle, walked);
    this.checkIncident(bundle, walked);
    this.checkDevices(bundle);
    this.checkExport(bundle, walked);
    this.checkWitnesses();
    this.checkExpectedKeys();
    const exported = this.report.exportCheckpoint;
    const signedExport = exported !== null && 'seq' in exported && this.report.checkpoints.find((cp) => cp.seq === exported.seq)?.key != null;
    this.report.verdict = signedExport && this.report.keyChanges.every((change) => change.signed) ? 'verified' : 'limited';
  }

  private runV1(raw: unknown): void {
    const parsed = BundleV1.safeParse(raw);
    if (!parsed.success) throw new Failed('bundle.shape', `Not a timeline bundle: ${firstIssue(parsed.error)}`);
    const { entries, chain, incident } = parsed.data;
    const title = typeof incident.title === 'string' ? incident.title : '';
    this.report.incident = { id: incident.id, title };
    this.report.entryCount = entries.length;
    this.walk(incident.id, entries, BundleEntryV1, false);
    if (chain.entryCount !== entries.length) throw new Failed('chain', `The bundle says ${chain.entryCount} entries but holds ${entries.length}.`);
    if (this.report.chain.head !== chain.head) {
      throw new Failed('chain', 'The last entry is not the chain head the bundle names (entries missing or head changed).');
    }
    this.checkWitnesses();
    this.checkExpectedKeys();
    this.report.verdict = 'limited';
  }

  /**
   * Every entry in order: its shape, its link (the journal's ChainWalk), its device, and what an
   * evidence entry states; from genesis, or on from parts joined (`from`).
   */
  private walk(
    incidentId: string,
    raw: Iterable<unknown>,
    shape: typeof BundleEntryV1 | typeof BundleEntryV2,
    evidence: boolean,
    from?: { walk: ChainWalk; walked: WalkedEntries },
  ): WalkedEntries {
    const walk = from?.walk ?? new ChainWalk(incidentId, undefined, this.digests);
    const walked: WalkedEntries = from?.walked ?? { count: 0, first: undefined, last: undefined };
    const withDevice = shape === BundleEntryV2;
    for (const candidate of raw) {
      const position = walked.count + 1;
      const entry: Entry = quickEntry(candidate, withDevice) ?? shapeChecked(shape, candidate, position);
      // The entry is its own header: entryHash reads only the header's fields, so nothing is copied per entry.
      const broken = walk.step({ header: entry, text: entry.text, data: entry.data, bodyHash: entry.bodyHash, prevHash: entry.prevHash, hash: entry.hash });
      if (broken) {
        // An entry quickEntry let through may still have a malformed digest: the schema names that first, as before.
        shapeChecked(shape, candidate, position);
        throw new Failed('entry.link', broken, failedAt(position, entry));
      }
      if (evidence) {
        this.checkDevice(entry, position);
        this.checkEvidence(entry, position);
      }
      walked.first ??= entry;
      walked.last = entry;
      walked.count = position;
      this.report.chain.verified = position;
      this.report.chain.head = entry.hash;
    }
    this.checkBodiesAccounted(walk);
    return walked;
  }

  /** After the last entry: every missing body is accounted for by a redaction walked. */
  private checkBodiesAccounted(walk: ChainWalk): void {
    const unaccounted = walk.unaccounted();
    if (unaccounted) {
      this.report.chain.verified = unaccounted.checked;
      throw new Failed('entry.body', UNACCOUNTED_BODY, { position: unaccounted.checked + 1, entry: { seq: unaccounted.seq, id: unaccounted.id } });
    }
  }

  /**
   * Parts walked apart (PartsApart), joined in order as walk would have walked them, their evidence
   * entries checked in order; from the first part missing or not following the ones before it, its
   * entries walked here.
   */
  private joinParts(incidentId: string, apart: PartsApart): WalkedEntries {
    const walk = new ChainWalk(incidentId, undefined, this.digests);
    const walked: WalkedEntries = { count: 0, first: undefined, last: undefined };
    for (const [index, part] of apart.parts.entries()) {
      if (!part || !walk.continuesWith(part.walked) || !this.devices.follows(part.devices)) {
        return this.walk(incidentId, apart.entriesFrom(index), BundleEntryV2, true, { walk, walked });
      }
      walk.join(part.walked);
      this.devices.join(part.devices);
      try {
        for (const { index: at, entry } of part.evidence) this.checkEvidence(entry, walked.count + at + 1);
      } catch (error) {
        if (error instanceof Failed) throw new PartsDoNotSettle(error.message);
        throw error;
      }
      walked.first ??= part.first;
      walked.last = part.last;
      walked.count += part.count;
      this.partsJoined += 1;
      const chain = this.report.chain;
      chain.verified = walked.count;
      chain.head = part.last.hash;
      chain.device = this.devices.device;
      chain.legacyEntries = this.devices.legacy;
    }
    this.checkBodiesAccounted(walk);
    return walked;
  }

  /** Entries without a device come only from before devices existed, so only before the first entry with one. */
  private checkDevice(entry: Entry, position: number): void {
    const broken = this.devices.take(entry.device);
    if (broken?.reason === 'none after a device') {
      throw new Failed('entry.device', `It names no device, but entries before it were written by device ${broken.device}.`, failedAt(position, entry));
    }
    if (broken)
      throw new Failed('entry.device', `It was written by device ${broken.entryDevice}, in the chain of device ${broken.device}.`, failedAt(position, entry));
    this.report.chain.device = this.devices.device;
    this.report.chain.legacyEntries = this.devices.legacy;
  }

  private checkEvidence(entry: Entry, position: number): void {
    if (!statesEvidence(entry.kind)) return;
    const at = failedAt(position, entry);
    const prefix = entry.kind === 'checkpoint' ? 'checkpoint' : entry.kind === 'device_key_rotated' ? 'rotation' : 'timestamp';
    if (entry.data === null) throw new Failed(`${prefix}.shape`, 'Its body is missing: evidence entries are never redacted.', at);
    if (entry.kind === 'checkpoint') this.checkCheckpoint(entry, entry.data, position, at);
    else if (entry.kind === 'device_key_rotated') this.checkRotation(entry, entry.data, at);
    else this.checkTimestamp(entry, entry.data, at);
  }

  /** What a checkpoint or rotation states of the chain must be where it stands, and when. */
  private checkStatement(statement: CheckpointStatement | KeyRotationStatement, entry: Entry, check: string, at: Failed['at']): void {
    if (statement.incident !== entry.incidentId) throw new Failed(check, 'The signed statement names another incident than its entry.', at);
    if (statement.device !== entry.device) throw new Failed(check, 'The signed statement names another device than its entry.', at);
    if (statement.chainLength !== entry.seq - 1 || statement.headHash !== entry.prevHash) {
      throw new Failed(
        check,
        `The signed statement says the chain had ${statement.chainLength} entries ending in ${statement.headHash.slice(0, 12)}…, but before this entry it has ${entry.seq - 1} ending in ${entry.prevHash.slice(0, 12)}…: an entry before it was changed after it was signed.`,
        at,
      );
    }
    if (statement.at !== entry.recordedAt) throw new Failed(check, 'The signed statement gives another time than its entry.', at);
  }

  private checkCheckpoint(entry: Entry, data: unknown, position: number, at: Failed['at']): void {
    const parsed = CheckpointData.safeParse(data);
    if (!parsed.success) throw new Failed('checkpoint.shape', `Malformed checkpoint: ${firstIssue(parsed.error)}`, at);
    const { statement, signature, unsignedBecause } = parsed.data;
    this.checkStatement(statement, entry, 'checkpoint.statement', at);
    const key = statement.keyFingerprint;
    if ((key === null) !== (signature === null))
      throw new Failed('checkpoint.shape', 'It names a key without a signature, or has a signature without a key.', at);
    if (key !== null && signature !== null) {
      const publicKey = this.keys.get(key);
      if (!publicKey) throw new Failed('checkpoint.key', `It is signed by key ${short(key)}, which the bundle does not carry.`, at);
      if (this.currentKey !== null && this.currentKey !== key) {
        throw new Failed(
          'checkpoint.key',
          `It is signed by key ${short(key)}, but the chain's key is ${short(this.currentKey)} and no key change to it is recorded.`,
          at,
        );
      }
      if (!verifySignature(publicKey, statementBytes(statement), signature)) {
        throw new Failed('checkpoint.signature', 'Its signature does not verify: the statement was changed after it was signed, or another key signed it.', at);
      }
      this.currentKey = key;
    }
    const record: ReportCheckpoint = {
      seq: entry.seq,
      fingerprint: witnessFingerprint(statement),
      key,
      at: statement.at,
      reason: statement.reason,
      unsignedBecause: key === null ? (unsignedBecause ?? '') : null,
    };
    this.report.checkpoints.push(record);
    this.checkpointsById.set(entry.id, { statement, record, position });
  }

  private checkRotation(entry: Entry, data: unknown, at: Failed['at']): void {
    const parsed = RotationData.safeParse(data);
    if (!parsed.success) throw new Failed('rotation.shape', `Malformed key change: ${firstIssue(parsed.error)}`, at);
    const { statement, signature } = parsed.data;
    this.checkStatement(statement, entry, 'rotation.statement', at);
    if (keyFingerprint(statement.newPublicKey) !== statement.newKeyFingerprint) {
      throw new Failed('rotation.statement', "The new key's fingerprint is not sha256 of the new public key.", at);
    }
    if (this.currentKey === null)
      throw new Failed('rotation.key', `It replaces key ${short(statement.oldKeyFingerprint)}, but no key signed this chain before it.`, at);
    if (statement.oldKeyFingerprint !== this.currentKey) {
      throw new Failed('rotation.key', `It replaces key ${short(statement.oldKeyFingerprint)}, but the chain's key is ${short(this.currentKey)}.`, at);
    }
    if (signature !== null) {
      if (!verifySignature(this.keys.get(this.currentKey)!, statementBytes(statement), signature)) {
        throw new Failed('rotation.signature', 'Its signature by the old key does not verify: the key change was forged or altered.', at);
      }
    } else if (statement.cause !== 'key_lost') {
      throw new Failed('rotation.signature', 'It is unsigned, yet says the operator rotated the key: only a lost key leaves a change unsigned.', at);
    }
    this.keys.set(statement.newKeyFingerprint, statement.newPublicKey);
    this.report.keyChanges.push({ seq: entry.seq, from: statement.oldKeyFingerprint, to: statement.newKeyFingerprint, signed: signature !== null });
    this.currentKey = statement.newKeyFingerprint;
  }

  private checkTimestamp(entry: Entry, data: unknown, at: Failed['at']): void {
    const parsed = TimestampData.safeParse(data);
    if (!parsed.success) throw new Failed('timestamp.shape', `Malformed trusted time: ${firstIssue(parsed.error)}`, at);
    const checkpoint = entry.refersTo === null ? undefined : this.checkpointsById.get(entry.refersTo);
    if (!checkpoint) throw new Failed('timestamp.checkpoint', 'It refers to no checkpoint before it.', at);
    const digest = statementHash(checkpoint.statement);
    if (parsed.data.statementHash !== digest) throw new Failed('timestamp.checkpoint', "Its statement hash is not the hash of the checkpoint's statement.", at);
    let info;
    try {
      info = timestampInfo(Buffer.from(parsed.data.token, 'base64'));
    } catch (error) {
      throw new Failed('timestamp.token', `Its token cannot be read: ${errorMessage(error)}.`, at);
    }
    if (info.hashAlgorithm !== OID.sha256 || info.hashedMessage !== digest) {
      throw new Failed('timestamp.token', "The token was given for another digest than the checkpoint's statement.", at);
    }
    if (info.genTime !== parsed.data.genTime) throw new Failed('timestamp.token', "The entry's genTime differs from the token's.", at);
    this.report.timestamps.push({
      seq: entry.seq,
      checkpointSeq: checkpoint.record.seq,
      fingerprint: checkpoint.record.fingerprint,
      genTime: info.genTime,
      tsa: parsed.data.tsa,
    });
  }

  private checkChains(bundle: BundleV2, entries: WalkedEntries): void {
    const [chain, ...more] = bundle.chains;
    if (!chain || more.length > 0) throw new Failed('chains', `The bundle lists ${bundle.chains.length} chains; this incident's entries make one.`);
    if (chain.entryCount !== entries.count) throw new Failed('chains', `The bundle says the chain has ${chain.entryCount} entries but holds ${entries.count}.`);
    if (chain.head !== (entries.last?.hash ?? ''))
      throw new Failed('chains', 'The last entry is not the chain head the bundle names (entries missing or head changed).');
    if (chain.device !== this.report.chain.device) throw new Failed('chains', 'The chain is listed under another device than the one that wrote its entries.');
  }

  /** The bundle's incident fields are its first entry's, so they are checked against it. */
  private checkIncident(bundle: BundleV2, { first }: WalkedEntries): void {
    if (!first) throw new Failed('incident', 'The bundle holds no entries.');
    const opened = (first.kind === 'incident_opened' ? first.data : null) as { title?: unknown; detectedBy?: unknown; startedAt?: unknown } | null;
    if (!opened) throw new Failed('incident', 'The first entry is not the incident being opened.', { position: 1, entry: first });
    const { incident } = bundle;
    const stated: Array<[keyof typeof incident, unknown]> = [
      ['id', first.incidentId],
      ['title', opened.title],
      ['detectedBy', opened.detectedBy],
      ['startedAt', opened.startedAt],
      ['createdAt', first.recordedAt],
      ['createdBy', first.author],
    ];
    for (const [field, value] of stated) {
      if (incident[field] !== value) throw new Failed('incident', `incident.${field} is not what the incident's first entry says.`);
    }
  }

  /**
   * Every device listed wrote entries here, and every device that wrote entries is listed. The walk
   * has let entries of one device only (checkDevice), so the writers are that device, if any.
   */
  private checkDevices(bundle: BundleV2): void {
    const writers = new Set(this.devices.device === null ? [] : [this.devices.device]);
    const listed = new Set(bundle.devices.map((device) => device.deviceId));
    for (const device of listed) if (!writers.has(device)) throw new Failed('devices.unused', `Device ${device} is listed, but wrote no entry here.`);
    for (const device of writers)
      if (!listed.has(device)) throw new Failed('devices.missing', `Device ${device} wrote entries here, but is not listed with its keys.`);
  }

  private checkExport(bundle: BundleV2, entries: WalkedEntries): void {
    const declared = bundle.exportCheckpoint;
    if (declared.entryId === null) {
      this.report.exportCheckpoint = { because: declared.because };
      return;
    }
    const found = this.checkpointsById.get(declared.entryId);
    const last = this.report.checkpoints.at(-1);
    const lastSeen = last ? ` The last checkpoint here is #${last.seq} (${last.fingerprint}, made ${last.at}): entries after it may have been removed.` : '';
    if (!found) throw new Failed('export.checkpoint', `The export's checkpoint ${declared.fingerprint} is not in the bundle: its end was cut off.${lastSeen}`);
    if (found.record.fingerprint !== declared.fingerprint)
      throw new Failed('export.checkpoint', `The bundle names the export's checkpoint ${declared.fingerprint}, but that entry is ${found.record.fingerprint}.`);
    if (found.record.reason !== 'export')
      throw new Failed('export.checkpoint', `The checkpoint named as the export's was made for another reason (${found.record.reason}).`);
    const after = entries.count - found.position;
    const onlyItsTime = after === 0 || (after === 1 && entries.last!.kind === 'checkpoint_timestamped' && entries.last!.refersTo === declared.entryId);
    if (!onlyItsTime) throw new Failed('export.checkpoint', `${after} entries follow the export's checkpoint, which must end the bundle.`);
    if (bundle.exportedAt !== found.record.at) throw new Failed('exportedAt', "exportedAt is not the time of the export's checkpoint.");
    this.report.exportCheckpoint = { seq: found.record.seq, fingerprint: found.record.fingerprint, at: found.record.at };
  }

  private checkWitnesses(): void {
    for (const given of this.options.witnesses ?? []) {
      const hex = /^(?:ic-?)?([0-9a-f]{8})$/.exec(given.trim().toLowerCase())?.[1];
      if (!hex) throw new Failed('witness', `"${given}" is not a checkpoint fingerprint (IC- and 8 hex digits).`);
      const fingerprint = `IC-${hex}`;
      const found = this.report.checkpoints.find((checkpoint) => checkpoint.fingerprint === fingerprint);
      if (!found) {
        const last = this.report.checkpoints.at(-1);
        throw new Failed(
          'witness',
          `The witnessed ${fingerprint} is not a checkpoint of this history: the history a witness saw is not this one, or its end was cut off.${last ? ` The last checkpoint here is #${last.seq} (${last.fingerprint}, made ${last.at}).` : ' It holds no checkpoint at all.'}`,
        );
      }
      this.report.witnesses.push({ fingerprint, seq: found.seq });
    }
  }

  private checkExpectedKeys(): void {
    const signers = new Set([
      ...this.report.checkpoints.flatMap((cp) => (cp.key ? [cp.key] : [])),
      ...this.report.keyChanges.filter((c) => c.signed).map((c) => c.from),
    ]);
    for (const given of this.options.expectedKeys ?? []) {
      const prefix = given.replace(/\s+/g, '').toLowerCase();
      if (!/^[0-9a-f]{16,64}$/.test(prefix)) throw new Failed('expected-key', `"${given}" is not a key fingerprint (at least 16 hex digits).`);
      const key = [...signers].find((signer) => signer.startsWith(prefix));
      if (!key) {
        const used = [...signers].map(short).join(', ') || 'no key';
        throw new Failed(
          'expected-key',
          `Nothing here is signed by the key ${short(prefix.padEnd(16, '0'))} you expect; what is signed here is signed by ${used}.`,
        );
      }
      this.report.expectedKeys.push({ key, found: true });
    }
  }
}
