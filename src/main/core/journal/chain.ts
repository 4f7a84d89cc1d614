import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

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

/** Lowercase hex sha256 of a text's UTF-8 bytes: every hash of the journal and its evidence. */
export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The body is hashed on its own so a redaction can drop it and the chain still verifies. */
export function bodyHash(body: EntryBody): string {
  return sha256(canonicalJson(body));
}

/** hash = sha256(prev_hash ‖ canonical(entry without body) ‖ body_hash), as in DESIGN.md. */
export function entryHash(prevHash: string, header: EntryHeader, bodyHashHex: string): string {
  return sha256(`${prevHash}${canonicalJson(header)}${bodyHashHex}`);
}
