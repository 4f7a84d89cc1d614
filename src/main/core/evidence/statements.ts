import type { CheckpointStatement, KeyRotationStatement } from '../../../shared/evidence-statements';
import { canonicalJson } from '../journal/canonical-json';
import { sha256 } from '../journal/chain';

export type SignedStatement = CheckpointStatement | KeyRotationStatement;

/** What is signed: the UTF-8 bytes of the statement's canonical JSON (RFC 8785). */
export function statementBytes(statement: SignedStatement): Buffer {
  return Buffer.from(canonicalJson(statement), 'utf8');
}

/** sha256 of the statement's canonical JSON, hex: what a trusted timestamp is asked for. */
export function statementHash(statement: SignedStatement): string {
  return sha256(canonicalJson(statement));
}

/** `IC-7f3a9c21`: the start of the statement's hash, short enough to paste into every update. */
export function witnessFingerprint(statement: SignedStatement): string {
  return `IC-${statementHash(statement).slice(0, 8)}`;
}
