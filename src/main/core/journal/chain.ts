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
}

export interface EntryBody {
  text: string;
  data: Record<string, unknown>;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The body is hashed on its own so a redaction can drop it and the chain still verifies. */
export function bodyHash(body: EntryBody): string {
  return sha256(canonicalJson(body));
}

/** hash = sha256(prev_hash ‖ canonical(entry without body) ‖ body_hash), as in DESIGN.md. */
export function entryHash(prevHash: string, header: EntryHeader, bodyHashHex: string): string {
  return sha256(`${prevHash}${canonicalJson(header)}${bodyHashHex}`);
}
