import { hash } from 'node:crypto';
import { canonicalJson, canonicalString, writtenAsIs } from './canonical-json';

/** The hash an incident's chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

/** Everything about an entry except its body: what the chain commits to directly. */
export interface EntryHeader {
  id: string;
  incidentId: string;
  seq: number;
  kind: string;
  author: string;
  recordedAt: string;
  occurredAt: string | null;
  refersTo: string | null;
  /**
   * The console install (device id) that wrote it. Absent in entries written before devices
   * existed: canonical JSON leaves an absent field out, so their hashes are what they were.
   */
  device?: string;
}

/** Just the header fields of anything entry-shaped (a stored entry, a bundle entry), in chain order. */
export function entryHeaderOf(entry: Omit<EntryHeader, 'device'> & { device?: string | null }): EntryHeader {
  const header: EntryHeader = {
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

export interface EntryBody {
  text: string;
  data: Record<string, unknown>;
}

/**
 * Lowercase hex sha256 of a text's UTF-8 bytes: every hash of the journal and its evidence. One-shot:
 * a verification hashes two short texts per entry, where creating a Hash object would cost more than hashing.
 */
export const sha256 = (text: string): string => hash('sha256', text, 'hex');

/** The body is hashed on its own so a redaction can drop it and the chain still verifies. canonicalJson(body), its two keys written out in order. */
export function bodyHash(body: EntryBody): string {
  return bodyHashOfJson(body.text, canonicalJson(body.data));
}

/**
 * bodyHash with the data already written as JSON text: the writer's canonicalJson(data), or the
 * data as the journal stored it. Over stored text it proves what it matches: the text follows
 * `"data":` and a JSON string ends it, and a JSON string cannot hold an unescaped `"`, so no other
 * text and data give the same bytes; a stored text that is valid but not canonical JSON does not
 * match, and is parsed and hashed the canonical way instead (bodyMatches).
 */
export function bodyHashOfJson(text: string, dataJson: string): string {
  return sha256(bodyText(text, dataJson));
}

/** What a body hash is the hash of: canonicalJson({ data, text }), with the data already written as JSON text. */
export function bodyText(text: string, dataJson: string): string {
  return writtenAsIs(text) ? `{"data":${dataJson},"text":"${text}"}` : `{"data":${dataJson},"text":${canonicalString(text)}}`;
}

/**
 * Whether a body is the one its hash was made of; data as stored (JSON text) is hashed as it is first.
 * Parsed data (a bundle's) is checked by `digests`, which may check it later (DigestCheck).
 */
export function bodyMatches(text: string, data: Record<string, unknown> | string, expectedHash: string, digests: DigestCheck = hashedAtOnce): boolean {
  if (typeof data !== 'string') return digests.matches(bodyText(text, canonicalJson(data)), expectedHash);
  if (bodyHashOfJson(text, data) === expectedHash) return true;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return false;
  }
  return (
    parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && bodyHash({ text, data: parsed as Record<string, unknown> }) === expectedHash
  );
}

const nullable = (value: string | null): string => (value === null ? 'null' : canonicalString(value));

/** Whether no text of the header has anything to escape, as for every header the console writes itself. */
function plainHeader(header: EntryHeader): boolean {
  return (
    writtenAsIs(header.author) &&
    (header.device === undefined || writtenAsIs(header.device)) &&
    writtenAsIs(header.id) &&
    writtenAsIs(header.incidentId) &&
    writtenAsIs(header.kind) &&
    (header.occurredAt === null || writtenAsIs(header.occurredAt)) &&
    writtenAsIs(header.recordedAt) &&
    (header.refersTo === null || writtenAsIs(header.refersTo))
  );
}

const quotedOrNull = (value: string | null): string => (value === null ? 'null' : `"${value}"`);

/**
 * canonicalJson(header), written out with its keys in their sorted order (`device` only when the
 * entry has one): a walk of a long chain writes one per entry, and the generic writer's key lookup
 * and dispatch were a third of it. A plain header (plainHeader) is written in one template, its
 * values between literal quotes: half the short-lived strings of a value quoted one by one, and
 * that much less for the garbage collector. A header from a bundle is checked by its schema first,
 * so its fields have these types.
 */
export function canonicalHeader(header: EntryHeader): string {
  if (plainHeader(header)) {
    const device = header.device === undefined ? '' : `"device":"${header.device}",`;
    return `{"author":"${header.author}",${device}"id":"${header.id}","incidentId":"${header.incidentId}","kind":"${header.kind}","occurredAt":${quotedOrNull(header.occurredAt)},"recordedAt":"${header.recordedAt}","refersTo":${quotedOrNull(header.refersTo)},"seq":${canonicalJson(header.seq)}}`;
  }
  const device = header.device === undefined ? '' : `"device":${canonicalString(header.device)},`;
  return `{"author":${canonicalString(header.author)},${device}"id":${canonicalString(header.id)},"incidentId":${canonicalString(header.incidentId)},"kind":${canonicalString(header.kind)},"occurredAt":${nullable(header.occurredAt)},"recordedAt":${canonicalString(header.recordedAt)},"refersTo":${nullable(header.refersTo)},"seq":${canonicalJson(header.seq)}}`;
}

/** hash = sha256(prev_hash ‖ canonical(entry without body) ‖ body_hash), as in DESIGN.md. */
export function entryHash(prevHash: string, header: EntryHeader, bodyHashHex: string): string {
  return sha256(entryText(prevHash, header, bodyHashHex));
}

/** What an entry's hash is the hash of: prev_hash ‖ canonical header ‖ body_hash. */
export function entryText(prevHash: string, header: EntryHeader, bodyHashHex: string): string {
  return `${prevHash}${canonicalHeader(header)}${bodyHashHex}`;
}

/**
 * How a walk tells whether a text hashes to the digest an entry states. A check may answer true
 * before it has hashed (a big bundle's hashes are checked in a worker thread, DigestsInWorker);
 * its caller then asks it for the verdict before trusting the walk's.
 */
export interface DigestCheck {
  matches(text: string, expectedHex: string): boolean;
}

/** Hashed there and then: every walk but a big bundle's. */
export const hashedAtOnce: DigestCheck = { matches: (text, expectedHex) => sha256(text) === expectedHex };
