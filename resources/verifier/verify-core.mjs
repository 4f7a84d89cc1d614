// Incident Console: the standalone verifier of a timeline bundle (docs/evidence-format.md).
// It needs nothing installed: WebCrypto (SHA-256, Ed25519), TextEncoder and atob, which every
// current browser and Node 20+ have. It is written apart from the console's own code on purpose,
// so that checking an export does not mean trusting the program that made it; the console's
// tests hold it to the same report as `npm run verify` for the same bundle.
// This file is copied whole into verify-bundle.mjs and verify.html in every export folder.

const BUNDLE_FORMAT = 'incident-console.timeline-bundle';
const GENESIS = '0'.repeat(64);
const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4';
const HEX64 = /^[0-9a-f]{64}$/;
const PUBLIC_KEY = /^[A-Za-z0-9+/]{43}=$/;
const SIGNATURE = /^[A-Za-z0-9+/]{86}==$/;
const BASE64 = /^[A-Za-z0-9+/]+=*$/;
const REASONS = ['export', 'update_posted', 'customer_update_drafted', 'customer_update_sent', 'status_changed', 'closed', 'interval', 'key_rotated'];
const UNACCOUNTED_BODY = 'body is missing and no redaction accounts for it';

// ── canonical JSON (RFC 8785 for the values a bundle holds) and hashes ──────────────────────

/**
 * Keys sorted by UTF-16 code units at every level (what Array.prototype.sort does), values as
 * JSON.stringify writes them. Written key by key: a rebuilt object would put integer-like keys first.
 */
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = [];
    for (const key of Object.keys(value).sort()) if (value[key] !== undefined) members.push(`${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

const utf8 = (text) => new TextEncoder().encode(text);
const hex = (bytes) => Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');
const bytesOfBase64 = (text) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
/** Base64 as the console writes it: decoders ignore the last character's unused bits, so a change there must be caught here. */
const isCanonicalBase64 = (text) => {
  try {
    return btoa(Array.from(bytesOfBase64(text), (byte) => String.fromCharCode(byte)).join('')) === text;
  } catch {
    return false;
  }
};
const shortKey = (fingerprint) => (fingerprint.slice(0, 16).match(/.{4}/g) || []).join(' ');

async function sha256Hex(bytes) {
  return hex(await crypto.subtle.digest('SHA-256', bytes));
}

async function ed25519Verifies(publicKeyBase64, message, signatureBase64) {
  try {
    const key = await crypto.subtle.importKey('raw', bytesOfBase64(publicKeyBase64), { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, bytesOfBase64(signatureBase64), message);
  } catch {
    return false;
  }
}

const bodyHashOf = (entry) => sha256Hex(utf8(canonicalJson({ text: entry.text, data: entry.data })));
const statementHashOf = (statement) => sha256Hex(utf8(canonicalJson(statement)));

function headerOf(entry) {
  const header = {
    id: entry.id,
    incidentId: entry.incidentId,
    seq: entry.seq,
    kind: entry.kind,
    author: entry.author,
    recordedAt: entry.recordedAt,
    occurredAt: entry.occurredAt,
    refersTo: entry.refersTo,
  };
  if (typeof entry.device === 'string') header.device = entry.device;
  return header;
}

// ── shapes: exactly the fields docs/evidence-format.md lists ────────────────────────────────

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const isString = (value) => typeof value === 'string';
const isCount = (value) => Number.isSafeInteger(value) && value >= 0;
const nullOr = (test) => (value) => value === null || test(value);
const matches = (pattern) => (value) => isString(value) && pattern.test(value);
const base64Matching = (pattern) => (value) => matches(pattern)(value) && isCanonicalBase64(value);
const oneOf = (values) => (value) => values.includes(value);
const equals = (expected) => (value) => value === expected;
const arrayOf = (fields) => (value) => Array.isArray(value) && value.every((item) => shapeProblem(item, fields) === null);

/** The first field that is missing, unexpected or of the wrong kind; null when the value has exactly these fields. */
function shapeProblem(value, fields, optional = {}) {
  if (!isObject(value)) return '(value): not an object';
  for (const key of Object.keys(value)) if (!(key in fields) && !(key in optional)) return `${key}: unexpected field`;
  for (const [key, test] of Object.entries(fields)) if (!(key in value) || !test(value[key])) return `${key}: missing or malformed`;
  for (const [key, test] of Object.entries(optional)) if (key in value && !test(value[key])) return `${key}: malformed`;
  return null;
}

const ENTRY_FIELDS = {
  id: isString,
  incidentId: isString,
  seq: Number.isSafeInteger,
  kind: isString,
  author: isString,
  recordedAt: isString,
  occurredAt: nullOr(isString),
  refersTo: nullOr(isString),
  text: nullOr(isString),
  data: nullOr(isObject),
  bodyHash: matches(HEX64),
  prevHash: matches(HEX64),
  hash: matches(HEX64),
};
const CHAIN_HEAD = { chainLength: isCount, headHash: matches(HEX64) };
const CHECKPOINT_STATEMENT = {
  type: equals('incident-console/checkpoint'),
  v: equals(1),
  incident: isString,
  device: isString,
  keyFingerprint: nullOr(matches(HEX64)),
  ...CHAIN_HEAD,
  at: isString,
  reason: oneOf(REASONS),
  others: arrayOf({ device: isString, ...CHAIN_HEAD }),
};
const ROTATION_STATEMENT = {
  type: equals('incident-console/key-rotation'),
  v: equals(1),
  incident: isString,
  device: isString,
  oldKeyFingerprint: matches(HEX64),
  newKeyFingerprint: matches(HEX64),
  newPublicKey: base64Matching(PUBLIC_KEY),
  ...CHAIN_HEAD,
  at: isString,
  cause: oneOf(['operator', 'key_lost']),
};
const TIMESTAMP_DATA = { statementHash: matches(HEX64), tsa: isString, token: base64Matching(BASE64), genTime: isString };

function bundleV2Problem(bundle) {
  const top = shapeProblem(bundle, {
    format: equals(BUNDLE_FORMAT),
    version: equals(2),
    exportedAt: isString,
    incident: isObject,
    devices: Array.isArray,
    chains: Array.isArray,
    exportCheckpoint: isObject,
    entries: Array.isArray,
  });
  if (top) return top;
  const incident = shapeProblem(bundle.incident, { id: isString, title: isString, detectedBy: isString, startedAt: isString, createdAt: isString, createdBy: isString });
  if (incident) return `incident.${incident}`;
  for (const [d, device] of bundle.devices.entries()) {
    const problem = shapeProblem(device, { deviceId: isString, keys: arrayOf({ publicKey: base64Matching(PUBLIC_KEY), fingerprint: matches(HEX64) }) });
    if (problem) return `devices.${d}.${problem}`;
  }
  for (const [c, chain] of bundle.chains.entries()) {
    const problem = shapeProblem(chain, { device: nullOr(isString), entryCount: isCount, head: matches(HEX64) });
    if (problem) return `chains.${c}.${problem}`;
  }
  const declared = bundle.exportCheckpoint;
  const exportProblem =
    declared.entryId === null ? shapeProblem(declared, { entryId: equals(null), because: isString }) : shapeProblem(declared, { entryId: isString, fingerprint: isString });
  return exportProblem ? `exportCheckpoint.${exportProblem}` : null;
}

// ── DER, just enough to read an RFC 3161 token's TSTInfo ────────────────────────────────────

function derElement(bytes, offset, end) {
  if (offset + 2 > end) throw new Error('DER element cut short');
  const tag = bytes[offset];
  let length = bytes[offset + 1];
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || offset + 2 + count > end) throw new Error('DER length not understood');
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + bytes[offset + 2 + i];
    header += count;
  }
  if (offset + header + length > end) throw new Error('DER element longer than what holds it');
  return { tag, value: bytes.subarray(offset + header, offset + header + length), size: header + length };
}

function derChildren(element) {
  const list = [];
  for (let offset = 0; offset < element.value.length; ) {
    const child = derElement(element.value, offset, element.value.length);
    list.push(child);
    offset += child.size;
  }
  return list;
}

function derOid(value) {
  const arcs = [];
  let current = 0;
  for (const byte of value) {
    current = current * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(current);
      current = 0;
    }
  }
  const [first = 0, ...rest] = arcs;
  return [...(first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80]), ...rest].join('.');
}

function expectTag(element, tag, what) {
  if (!element || element.tag !== tag) throw new Error(`the token's ${what} is not where RFC 3161 puts it`);
  return element;
}

/** The TSTInfo of a TimeStampToken: the hash it was given and its genTime. The TSA's signature is for `openssl ts -verify`. */
function timestampInfo(token) {
  const contentInfo = derChildren(expectTag(derElement(token, 0, token.length), 0x30, 'ContentInfo'));
  if (derOid(expectTag(contentInfo[0], 0x06, 'content type').value) !== OID_SIGNED_DATA) throw new Error('the token is not CMS SignedData');
  const signedData = derChildren(expectTag(derChildren(expectTag(contentInfo[1], 0xa0, 'content'))[0], 0x30, 'SignedData'));
  const encapsulated = derChildren(expectTag(signedData[2], 0x30, 'encapContentInfo'));
  if (derOid(expectTag(encapsulated[0], 0x06, 'eContentType').value) !== OID_TST_INFO) throw new Error('the token does not hold a TSTInfo');
  const eContent = expectTag(derChildren(expectTag(encapsulated[1], 0xa0, 'eContent'))[0], 0x04, 'eContent');
  const tstInfo = derChildren(expectTag(derElement(eContent.value, 0, eContent.value.length), 0x30, 'TSTInfo'));
  const imprint = derChildren(expectTag(tstInfo[2], 0x30, 'messageImprint'));
  const algorithm = derChildren(expectTag(imprint[0], 0x30, 'hash algorithm'));
  const time = new TextDecoder('latin1').decode(expectTag(tstInfo[4], 0x18, 'genTime').value);
  const parts = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?Z$/.exec(time);
  if (!parts) throw new Error('genTime is not a UTC GeneralizedTime');
  const [, year, month, day, hour, minute, second, fraction = ''] = parts;
  return {
    hashAlgorithm: derOid(expectTag(algorithm[0], 0x06, 'hash algorithm').value),
    hashedMessage: hex(expectTag(imprint[1], 0x04, 'hashed message').value),
    genTime: `${year}-${month}-${day}T${hour}:${minute}:${second}.${fraction.padEnd(3, '0').slice(0, 3)}Z`,
  };
}

// ── the verification, in the order docs/evidence-format.md gives ─────────────────────────────

class Failed extends Error {
  constructor(check, reason, at = null) {
    super(reason);
    this.check = check;
    this.at = at;
  }
}

/**
 * Verifies a bundle (its text, as read from the file) and answers a report: what verified, the
 * checkpoints, key changes and trusted times found, and the first failure. `options.witnesses`
 * are fingerprints people saw in updates; `options.expectedKeys` key fingerprints they trust.
 */
export async function verifyBundleText(text, options = {}) {
  const report = {
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
  try {
    let bundle;
    try {
      bundle = JSON.parse(text);
    } catch (error) {
      throw new Failed('bundle.json', `The file is not JSON: ${error.message}`);
    }
    await new Check(report, options).run(bundle);
  } catch (error) {
    if (!(error instanceof Failed)) throw error;
    const entry = error.at && error.at.entry;
    report.failure = {
      check: error.check,
      reason: error.message,
      position: error.at ? error.at.position : null,
      seq: entry && typeof entry.seq === 'number' ? entry.seq : null,
      entryId: entry && typeof entry.id === 'string' ? entry.id : null,
    };
    report.verdict = 'failed';
  }
  return report;
}

class Check {
  constructor(report, options) {
    this.report = report;
    this.options = options;
    this.keys = new Map();
    this.checkpointsById = new Map();
    this.currentKey = null;
  }

  async run(bundle) {
    if (!isObject(bundle) || bundle.format !== BUNDLE_FORMAT || typeof bundle.version !== 'number') {
      throw new Failed('bundle.shape', 'Not a timeline bundle: format or version is not that of an Incident Console bundle.');
    }
    this.report.version = bundle.version;
    if (bundle.version === 1) return this.runV1(bundle);
    if (bundle.version !== 2) throw new Failed('bundle.version', `Format version ${bundle.version} is not one this verifier knows (1 and 2).`);
    const problem = bundleV2Problem(bundle);
    if (problem) throw new Failed('bundle.shape', `Not a timeline bundle of version 2: ${problem}`);
    this.report.incident = { id: bundle.incident.id, title: bundle.incident.title };
    this.report.entryCount = bundle.entries.length;
    for (const [d, device] of bundle.devices.entries()) {
      for (const [k, key] of device.keys.entries()) {
        if ((await sha256Hex(bytesOfBase64(key.publicKey))) !== key.fingerprint) {
          throw new Failed('devices.key', `devices[${d}].keys[${k}]: the fingerprint is not sha256 of the public key beside it.`);
        }
        this.keys.set(key.fingerprint, key.publicKey);
      }
    }
    const entries = await this.walk(bundle.incident.id, bundle.entries, true);
    this.checkChains(bundle, entries);
    this.checkIncident(bundle, entries);
    this.checkDevices(bundle, entries);
    this.checkExport(bundle, entries);
    this.checkWitnesses();
    this.checkExpectedKeys();
    const exported = this.report.exportCheckpoint;
    const exportCheckpoint = exported && 'seq' in exported ? this.report.checkpoints.find((cp) => cp.seq === exported.seq) : undefined;
    const signedExport = exportCheckpoint !== undefined && exportCheckpoint.key !== null;
    this.report.verdict = signedExport && this.report.keyChanges.every((change) => change.signed) ? 'verified' : 'limited';
  }

  async runV1(bundle) {
    const valid =
      isObject(bundle.incident) &&
      isString(bundle.incident.id) &&
      isObject(bundle.chain) &&
      matches(HEX64)(bundle.chain.head) &&
      isCount(bundle.chain.entryCount) &&
      Array.isArray(bundle.entries);
    if (!valid) throw new Failed('bundle.shape', 'Not a timeline bundle: incident, chain or entries are missing or malformed.');
    const { entries, chain, incident } = bundle;
    this.report.incident = { id: incident.id, title: isString(incident.title) ? incident.title : '' };
    this.report.entryCount = entries.length;
    await this.walk(incident.id, entries, false);
    if (chain.entryCount !== entries.length) throw new Failed('chain', `The bundle says ${chain.entryCount} entries but holds ${entries.length}.`);
    if (this.report.chain.head !== chain.head) throw new Failed('chain', 'The last entry is not the chain head the bundle names (entries missing or head changed).');
    this.checkWitnesses();
    this.checkExpectedKeys();
    this.report.verdict = 'limited';
  }

  /** Every entry in order: its shape, its link to the one before, its device, and what an evidence entry states. */
  async walk(incidentId, raw, evidence) {
    let seq = 0;
    let head = GENESIS;
    const redacted = new Set();
    const bodiless = [];
    const entries = [];
    for (const [index, entry] of raw.entries()) {
      const position = index + 1;
      const loose = isObject(entry) ? entry : {};
      const problem = shapeProblem(entry, ENTRY_FIELDS, evidence ? { device: isString } : {});
      if (problem) throw new Failed('entry.shape', `Malformed entry: ${problem}`, { position, entry: loose });
      const at = { position, entry };
      const broken = await linkBreak(incidentId, seq, head, entry);
      if (broken) throw new Failed('entry.link', broken, at);
      if (entry.kind === 'redaction' && entry.refersTo !== null) redacted.add(entry.refersTo);
      if (entry.text === null) bodiless.push({ seq: entry.seq, id: entry.id, checked: seq });
      seq = entry.seq;
      head = entry.hash;
      if (evidence) {
        this.checkDevice(entry, at);
        await this.checkEvidence(entry, position, at);
      }
      entries.push(entry);
      this.report.chain.verified = position;
      this.report.chain.head = entry.hash;
    }
    const unaccounted = bodiless.find((entry) => !redacted.has(entry.id));
    if (unaccounted) {
      this.report.chain.verified = unaccounted.checked;
      throw new Failed('entry.body', UNACCOUNTED_BODY, { position: unaccounted.checked + 1, entry: unaccounted });
    }
    return entries;
  }

  checkDevice(entry, at) {
    const chain = this.report.chain;
    if (entry.device === undefined) {
      if (chain.device !== null) throw new Failed('entry.device', `It names no device, but entries before it were written by device ${chain.device}.`, at);
      chain.legacyEntries += 1;
    } else if (chain.device === null) {
      chain.device = entry.device;
    } else if (entry.device !== chain.device) {
      throw new Failed('entry.device', `It was written by device ${entry.device}, in the chain of device ${chain.device}.`, at);
    }
  }

  async checkEvidence(entry, position, at) {
    const prefix = { checkpoint: 'checkpoint', device_key_rotated: 'rotation', checkpoint_timestamped: 'timestamp' }[entry.kind];
    if (!prefix) return;
    if (entry.data === null) throw new Failed(`${prefix}.shape`, 'Its body is missing: evidence entries are never redacted.', at);
    if (prefix === 'checkpoint') await this.checkCheckpoint(entry, position, at);
    else if (prefix === 'rotation') await this.checkRotation(entry, at);
    else await this.checkTimestamp(entry, at);
  }

  checkStatement(statement, entry, check, at) {
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

  async checkCheckpoint(entry, position, at) {
    const data = entry.data;
    const problem =
      shapeProblem(data, { statement: isObject, signature: nullOr(base64Matching(SIGNATURE)) }, { unsignedBecause: isString }) ?? shapeProblem(data.statement, CHECKPOINT_STATEMENT);
    if (problem) throw new Failed('checkpoint.shape', `Malformed checkpoint: ${problem}`, at);
    const { statement, signature } = data;
    this.checkStatement(statement, entry, 'checkpoint.statement', at);
    const key = statement.keyFingerprint;
    if ((key === null) !== (signature === null)) throw new Failed('checkpoint.shape', 'It names a key without a signature, or has a signature without a key.', at);
    if (key !== null) {
      const publicKey = this.keys.get(key);
      if (!publicKey) throw new Failed('checkpoint.key', `It is signed by key ${shortKey(key)}, which the bundle does not carry.`, at);
      if (this.currentKey !== null && this.currentKey !== key) {
        throw new Failed('checkpoint.key', `It is signed by key ${shortKey(key)}, but the chain's key is ${shortKey(this.currentKey)} and no key change to it is recorded.`, at);
      }
      if (!(await ed25519Verifies(publicKey, utf8(canonicalJson(statement)), signature))) {
        throw new Failed('checkpoint.signature', 'Its signature does not verify: the statement was changed after it was signed, or another key signed it.', at);
      }
      this.currentKey = key;
    }
    const record = {
      seq: entry.seq,
      fingerprint: `IC-${(await statementHashOf(statement)).slice(0, 8)}`,
      key,
      at: statement.at,
      reason: statement.reason,
      unsignedBecause: key === null ? (data.unsignedBecause ?? '') : null,
    };
    this.report.checkpoints.push(record);
    this.checkpointsById.set(entry.id, { statement, record, position });
  }

  async checkRotation(entry, at) {
    const data = entry.data;
    const problem = shapeProblem(data, { statement: isObject, signature: nullOr(base64Matching(SIGNATURE)) }) ?? shapeProblem(data.statement, ROTATION_STATEMENT);
    if (problem) throw new Failed('rotation.shape', `Malformed key change: ${problem}`, at);
    const { statement, signature } = data;
    this.checkStatement(statement, entry, 'rotation.statement', at);
    if ((await sha256Hex(bytesOfBase64(statement.newPublicKey))) !== statement.newKeyFingerprint) {
      throw new Failed('rotation.statement', "The new key's fingerprint is not sha256 of the new public key.", at);
    }
    if (this.currentKey === null) throw new Failed('rotation.key', `It replaces key ${shortKey(statement.oldKeyFingerprint)}, but no key signed this chain before it.`, at);
    if (statement.oldKeyFingerprint !== this.currentKey) {
      throw new Failed('rotation.key', `It replaces key ${shortKey(statement.oldKeyFingerprint)}, but the chain's key is ${shortKey(this.currentKey)}.`, at);
    }
    if (signature !== null) {
      if (!(await ed25519Verifies(this.keys.get(this.currentKey), utf8(canonicalJson(statement)), signature))) {
        throw new Failed('rotation.signature', 'Its signature by the old key does not verify: the key change was forged or altered.', at);
      }
    } else if (statement.cause !== 'key_lost') {
      throw new Failed('rotation.signature', 'It is unsigned, yet says the operator rotated the key: only a lost key leaves a change unsigned.', at);
    }
    this.keys.set(statement.newKeyFingerprint, statement.newPublicKey);
    this.report.keyChanges.push({ seq: entry.seq, from: statement.oldKeyFingerprint, to: statement.newKeyFingerprint, signed: signature !== null });
    this.currentKey = statement.newKeyFingerprint;
  }

  async checkTimestamp(entry, at) {
    const data = entry.data;
    const problem = shapeProblem(data, TIMESTAMP_DATA);
    if (problem) throw new Failed('timestamp.shape', `Malformed trusted time: ${problem}`, at);
    const checkpoint = entry.refersTo === null ? undefined : this.checkpointsById.get(entry.refersTo);
    if (!checkpoint) throw new Failed('timestamp.checkpoint', 'It refers to no checkpoint before it.', at);
    const digest = await statementHashOf(checkpoint.statement);
    if (data.statementHash !== digest) throw new Failed('timestamp.checkpoint', "Its statement hash is not the hash of the checkpoint's statement.", at);
    let info;
    try {
      info = timestampInfo(bytesOfBase64(data.token));
    } catch (error) {
      throw new Failed('timestamp.token', `Its token cannot be read: ${error.message}.`, at);
    }
    if (info.hashAlgorithm !== OID_SHA256 || info.hashedMessage !== digest) {
      throw new Failed('timestamp.token', "The token was given for another digest than the checkpoint's statement.", at);
    }
    if (info.genTime !== data.genTime) throw new Failed('timestamp.token', "The entry's genTime differs from the token's.", at);
    this.report.timestamps.push({ seq: entry.seq, checkpointSeq: checkpoint.record.seq, fingerprint: checkpoint.record.fingerprint, genTime: info.genTime, tsa: data.tsa });
  }

  checkChains(bundle, entries) {
    const [chain, ...more] = bundle.chains;
    if (!chain || more.length > 0) throw new Failed('chains', `The bundle lists ${bundle.chains.length} chains; this incident's entries make one.`);
    if (chain.entryCount !== entries.length) throw new Failed('chains', `The bundle says the chain has ${chain.entryCount} entries but holds ${entries.length}.`);
    const last = entries[entries.length - 1];
    if (chain.head !== (last ? last.hash : '')) throw new Failed('chains', 'The last entry is not the chain head the bundle names (entries missing or head changed).');
    if (chain.device !== this.report.chain.device) throw new Failed('chains', 'The chain is listed under another device than the one that wrote its entries.');
  }

  checkIncident(bundle, entries) {
    const first = entries[0];
    if (!first) throw new Failed('incident', 'The bundle holds no entries.');
    const opened = first.kind === 'incident_opened' ? first.data : null;
    if (!opened) throw new Failed('incident', 'The first entry is not the incident being opened.', { position: 1, entry: first });
    const stated = [
      ['id', first.incidentId],
      ['title', opened.title],
      ['detectedBy', opened.detectedBy],
      ['startedAt', opened.startedAt],
      ['createdAt', first.recordedAt],
      ['createdBy', first.author],
    ];
    for (const [field, value] of stated) {
      if (bundle.incident[field] !== value) throw new Failed('incident', `incident.${field} is not what the incident's first entry says.`);
    }
  }

  checkDevices(bundle, entries) {
    const writers = new Set(entries.filter((entry) => entry.device !== undefined).map((entry) => entry.device));
    const listed = new Set(bundle.devices.map((device) => device.deviceId));
    for (const device of listed) if (!writers.has(device)) throw new Failed('devices.unused', `Device ${device} is listed, but wrote no entry here.`);
    for (const device of writers) if (!listed.has(device)) throw new Failed('devices.missing', `Device ${device} wrote entries here, but is not listed with its keys.`);
  }

  checkExport(bundle, entries) {
    const declared = bundle.exportCheckpoint;
    if (declared.entryId === null) {
      this.report.exportCheckpoint = { because: declared.because };
      return;
    }
    const found = this.checkpointsById.get(declared.entryId);
    const last = this.report.checkpoints[this.report.checkpoints.length - 1];
    const lastSeen = last ? ` The last checkpoint here is #${last.seq} (${last.fingerprint}, made ${last.at}): entries after it may have been removed.` : '';
    if (!found) throw new Failed('export.checkpoint', `The export's checkpoint ${declared.fingerprint} is not in the bundle: its end was cut off.${lastSeen}`);
    if (found.record.fingerprint !== declared.fingerprint) {
      throw new Failed('export.checkpoint', `The bundle names the export's checkpoint ${declared.fingerprint}, but that entry is ${found.record.fingerprint}.`);
    }
    if (found.record.reason !== 'export') throw new Failed('export.checkpoint', `The checkpoint named as the export's was made for another reason (${found.record.reason}).`);
    const after = entries.slice(found.position);
    const onlyItsTime = after.length === 0 || (after.length === 1 && after[0].kind === 'checkpoint_timestamped' && after[0].refersTo === declared.entryId);
    if (!onlyItsTime) throw new Failed('export.checkpoint', `${after.length} entries follow the export's checkpoint, which must end the bundle.`);
    if (bundle.exportedAt !== found.record.at) throw new Failed('exportedAt', "exportedAt is not the time of the export's checkpoint.");
    this.report.exportCheckpoint = { seq: found.record.seq, fingerprint: found.record.fingerprint, at: found.record.at };
  }

  checkWitnesses() {
    for (const given of this.options.witnesses ?? []) {
      const match = /^(?:ic-?)?([0-9a-f]{8})$/.exec(given.trim().toLowerCase());
      if (!match) throw new Failed('witness', `"${given}" is not a checkpoint fingerprint (IC- and 8 hex digits).`);
      const fingerprint = `IC-${match[1]}`;
      const found = this.report.checkpoints.find((checkpoint) => checkpoint.fingerprint === fingerprint);
      if (!found) {
        const last = this.report.checkpoints[this.report.checkpoints.length - 1];
        throw new Failed(
          'witness',
          `The witnessed ${fingerprint} is not a checkpoint of this history: the history a witness saw is not this one, or its end was cut off.${last ? ` The last checkpoint here is #${last.seq} (${last.fingerprint}, made ${last.at}).` : ' It holds no checkpoint at all.'}`,
        );
      }
      this.report.witnesses.push({ fingerprint, seq: found.seq });
    }
  }

  checkExpectedKeys() {
    const signers = new Set([
      ...this.report.checkpoints.filter((cp) => cp.key !== null).map((cp) => cp.key),
      ...this.report.keyChanges.filter((change) => change.signed).map((change) => change.from),
    ]);
    for (const given of this.options.expectedKeys ?? []) {
      const prefix = given.replace(/\s+/g, '').toLowerCase();
      if (!/^[0-9a-f]{16,64}$/.test(prefix)) throw new Failed('expected-key', `"${given}" is not a key fingerprint (at least 16 hex digits).`);
      const key = [...signers].find((signer) => signer.startsWith(prefix));
      if (!key) {
        const used = [...signers].map(shortKey).join(', ') || 'no key';
        throw new Failed('expected-key', `Nothing here is signed by the key ${shortKey(prefix.padEnd(16, '0'))} you expect; what is signed here is signed by ${used}.`);
      }
      this.report.expectedKeys.push({ key, found: true });
    }
  }
}

/** Where a chain at (seq, head) breaks if `entry` comes next; undefined when it links. The journal's words. */
async function linkBreak(incidentId, seq, head, entry) {
  if (entry.seq !== seq + 1) return `sequence number ${entry.seq} where ${seq + 1} was expected`;
  if (entry.incidentId !== incidentId) return 'belongs to another incident';
  if (entry.prevHash !== head) return 'does not link to the entry before it (prevHash)';
  if (entry.text === null || entry.data === null) {
    if (entry.text !== entry.data) return 'half a body: text and data must both be present or both redacted';
  } else if ((await bodyHashOf(entry)) !== entry.bodyHash) {
    return 'body does not match its hash (text or data changed after it was written)';
  }
  if ((await sha256Hex(utf8(`${head}${canonicalJson(headerOf(entry))}${entry.bodyHash}`))) !== entry.hash) return 'entry hash does not match its contents';
  return undefined;
}

// ── what a person reads ──────────────────────────────────────────────────────────────────────

const REASON_WORDS = {
  export: 'made for the export',
  update_posted: 'made when an update was posted',
  customer_update_drafted: 'made for a customer update',
  customer_update_sent: 'made when a customer update was sent',
  status_changed: 'made at a status change',
  closed: 'made when the incident was closed',
  interval: 'made on the 10-minute interval',
  key_rotated: 'made when the key was rotated',
};

/**
 * The report in sentences: a headline, the first failure, what is proven and what is not. Every
 * verifier (npm run verify, verify-bundle.mjs, verify.html) prints exactly these.
 */
export function describeReport(report) {
  const proven = [];
  const notProven = [];
  const incident = report.incident ? `incident "${report.incident.title}" (${report.incident.id})` : 'the file';
  const headline =
    report.verdict === 'verified'
      ? `VERIFIED: ${incident}, ${report.entryCount} entries.`
      : report.verdict === 'limited'
        ? `VERIFIED, WITH LIMITS: ${incident}, ${report.entryCount} entries (see what is not proven).`
        : `FAILED: ${incident}.`;
  const f = report.failure;
  const failure = f
    ? `${f.seq !== null ? `Entry #${f.seq}${f.position !== null && f.position !== f.seq ? ` (position ${f.position})` : ''}${f.entryId ? `, id ${f.entryId}` : ''}: ` : f.position !== null ? `Position ${f.position}: ` : ''}${f.reason} [${f.check}]`
    : null;

  const { chain } = report;
  if (chain.verified > 0) {
    proven.push(
      `Entries 1–${chain.verified} form an unbroken hash chain: each links to the one before it, and every body present matches its hash${report.failure ? ' (up to the failure)' : ''}.`,
    );
  }
  const signed = report.checkpoints.filter((cp) => cp.key !== null);
  const lastSigned = signed[signed.length - 1];
  if (lastSigned) {
    proven.push(
      `Entries 1–${lastSigned.seq - 1} are unchanged since checkpoint #${lastSigned.seq} (${lastSigned.fingerprint}, ${REASON_WORDS[lastSigned.reason] ?? lastSigned.reason}), signed by device key ${shortKey(lastSigned.key)}${chain.device ? ` of device ${chain.device}` : ''} at ${lastSigned.at} (the device's clock is its claim; a signature proves a device key, not a person).`,
    );
  }
  for (const change of report.keyChanges) {
    if (change.signed) proven.push(`At #${change.seq} the device key changed from ${shortKey(change.from)} to ${shortKey(change.to)}, signed by the old key.`);
    else
      notProven.push(
        `At #${change.seq} the device key changed from ${shortKey(change.from)} to ${shortKey(change.to)} without the old key's signature (the old key was lost): from there on, signatures prove only the new key.`,
      );
  }
  for (const stamp of report.timestamps) {
    proven.push(
      `Checkpoint #${stamp.checkpointSeq} (${stamp.fingerprint}) existed by ${stamp.genTime}, says the timestamp authority ${stamp.tsa}: the token's message imprint is the checkpoint's statement hash.`,
    );
  }
  for (const witness of report.witnesses) {
    proven.push(`The witnessed ${witness.fingerprint} is checkpoint #${witness.seq} of this history: entries 1–${witness.seq - 1} are what its witnesses saw.`);
  }
  for (const expected of report.expectedKeys) proven.push(`The key ${shortKey(expected.key)} you expected signed here.`);

  if (report.version === 1) {
    notProven.push(
      'This bundle is unsigned history (format 1, exported before device keys existed): it proves only that it is consistent with itself; whoever held it could have rewritten an entry and every hash after it.',
    );
  }
  const exported = report.exportCheckpoint;
  if (exported && 'because' in exported) {
    notProven.push(
      `The bundle carries no export checkpoint (${exported.because}, as the bundle itself says): nothing signs what follows ${lastSigned ? `checkpoint #${lastSigned.seq}` : 'its start'}, and nothing proves that no entries followed the last one.`,
    );
  }
  if (lastSigned && chain.verified > lastSigned.seq && !report.failure) {
    const tail = report.timestamps.some((stamp) => stamp.seq === chain.verified && stamp.checkpointSeq === lastSigned.seq) ? chain.verified - 1 : chain.verified;
    if (tail > lastSigned.seq) notProven.push(`Entries ${lastSigned.seq + 1}–${tail} come after the last signed checkpoint: nothing signs them.`);
  }
  if (report.version === 2 && !lastSigned && chain.verified > 0) notProven.push('No checkpoint here is signed: the chain proves only that it is consistent with itself.');
  for (const cp of report.checkpoints.filter((checkpoint) => checkpoint.key === null)) {
    notProven.push(`Checkpoint #${cp.seq} (${cp.fingerprint}) is unsigned${cp.unsignedBecause ? ` (${cp.unsignedBecause})` : ''}: it can match a witness, but proves nothing against an edit.`);
  }
  if (chain.legacyEntries > 0) {
    const firstCovering = signed.find((cp) => cp.seq > chain.legacyEntries);
    notProven.push(
      `Entries 1–${chain.legacyEntries} were written before this console had device keys: ${firstCovering ? `they are proven unchanged only since checkpoint #${firstCovering.seq} (${firstCovering.at})` : 'no signature covers them'}.`,
    );
  }
  if (signed.length > 0) {
    if (report.expectedKeys.length === 0) {
      notProven.push(
        `That key ${shortKey((lastSigned ?? signed[0]).key)} belongs to the console you think: compare it with the device key on that console's Overview, or give it as an expected key.`,
      );
    }
    notProven.push("Times are the device's clock: its claim, not a proof (a trusted timestamp, where there is one, says when a checkpoint existed by).");
    notProven.push('A signature proves a device key, not a person: anyone who could use that console and its keychain could have signed.');
  }
  if (report.timestamps.length > 0) {
    notProven.push("The timestamp authority's own signature on its tokens is not checked here: check it with `openssl ts -verify` (docs/evidence-format.md).");
  }
  if (report.witnesses.length > 0) {
    notProven.push('A witnessed fingerprint is 32 bits: enough against an edit by anyone without the device key, but a holder of the key could make another statement with the same fingerprint.');
  }
  return { headline, failure, proven, notProven };
}

/** The report as plain text lines (the Node verifier prints these). */
export function reportLines(report) {
  const { headline, failure, proven, notProven } = describeReport(report);
  return [
    headline,
    ...(failure ? ['', `First failure: ${failure}`] : []),
    ...(proven.length > 0 ? ['', 'Proven:', ...proven.map((line) => `  - ${line}`)] : []),
    ...(notProven.length > 0 ? ['', 'Not proven:', ...notProven.map((line) => `  - ${line}`)] : []),
  ];
}
