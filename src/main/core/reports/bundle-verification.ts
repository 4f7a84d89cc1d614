import { z } from 'zod';
import { bodyHash, entryHash, entryHeaderOf, GENESIS_HASH } from '../journal/chain';
import { BUNDLE_FORMAT } from './timeline-bundle';

export interface BundleVerification {
  ok: boolean;
  checked: number;
  head: string | null;
  /** The first entry that does not verify: its position in the file, its seq and id as written. */
  broken?: { index: number; seq: unknown; entryId: unknown; reason: string };
  /** Set when the file itself is not a bundle. */
  error?: string;
}

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'not a sha256 hex digest');

const BundleEntryShape = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    seq: z.number().int(),
    kind: z.string(),
    author: z.string(),
    recordedAt: z.string(),
    occurredAt: z.string().nullable(),
    refersTo: z.string().nullable(),
    text: z.string().nullable(),
    data: z.record(z.string(), z.unknown()).nullable(),
    bodyHash: Hex64,
    prevHash: Hex64,
    hash: Hex64,
  })
  .strict();

const BundleShape = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(1),
  incident: z.object({ id: z.string() }).passthrough(),
  chain: z.object({ head: Hex64, entryCount: z.number().int().nonnegative() }).passthrough(),
  entries: z.array(z.unknown()),
});

/**
 * Re-walks an exported bundle with the journal's own chain code and names the first entry that
 * does not verify. Derived flags (pinned, redacted) are not in the bundle: only what is hashed.
 */
export function verifyBundle(raw: unknown): BundleVerification {
  const bundle = BundleShape.safeParse(raw);
  if (!bundle.success) {
    return { ok: false, checked: 0, head: null, error: `Not a timeline bundle: ${bundle.error.issues[0]?.path.join('.') ?? ''} ${bundle.error.issues[0]?.message ?? ''}`.trim() };
  }
  const { entries, chain, incident } = bundle.data;
  // A redacted body is accounted for only by a redaction entry that names it.
  const redactedIds = new Set<string>();
  for (const candidate of entries) {
    const entry = candidate as { kind?: unknown; refersTo?: unknown };
    if (entry && entry.kind === 'redaction' && typeof entry.refersTo === 'string') redactedIds.add(entry.refersTo);
  }
  // Checked after the walk, so a tampered redaction is named itself rather than the entry it hides.
  const bodiless: Array<{ index: number; seq: number; id: string }> = [];
  let previous = GENESIS_HASH;
  for (const [index, candidate] of entries.entries()) {
    const loose = (candidate ?? {}) as { seq?: unknown; id?: unknown };
    const broken = (reason: string): BundleVerification => ({
      ok: false,
      checked: index,
      head: chain.head,
      broken: { index, seq: loose.seq, entryId: loose.id, reason },
    });
    const parsed = BundleEntryShape.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return broken(`malformed: ${issue?.path.join('.') || '(entry)'} ${issue?.message ?? ''}`.trim());
    }
    const entry = parsed.data;
    if (entry.seq !== index + 1) return broken(`sequence number ${entry.seq} where ${index + 1} was expected`);
    if (entry.incidentId !== incident.id) return broken('belongs to another incident');
    if (entry.prevHash !== previous) return broken('does not link to the entry before it (prevHash)');
    if (entry.text === null || entry.data === null) {
      if (entry.text !== entry.data) return broken('half a body: text and data must both be present or both redacted');
      bodiless.push({ index, seq: entry.seq, id: entry.id });
    } else if (bodyHash({ text: entry.text, data: entry.data }) !== entry.bodyHash) {
      return broken('body does not match its hash (text or data changed)');
    }
    if (entryHash(previous, entryHeaderOf(entry), entry.bodyHash) !== entry.hash) return broken('entry hash does not match its contents');
    previous = entry.hash;
  }
  const unaccounted = bodiless.find((entry) => !redactedIds.has(entry.id));
  if (unaccounted) {
    return {
      ok: false,
      checked: unaccounted.index,
      head: chain.head,
      broken: { index: unaccounted.index, seq: unaccounted.seq, entryId: unaccounted.id, reason: 'body is missing and no redaction accounts for it' },
    };
  }
  if (chain.entryCount !== entries.length) {
    return { ok: false, checked: entries.length, head: chain.head, error: `the bundle says ${chain.entryCount} entries but holds ${entries.length}` };
  }
  if (previous !== chain.head) {
    return { ok: false, checked: entries.length, head: chain.head, error: 'the last entry is not the chain head the bundle names (entries missing or head changed)' };
  }
  return { ok: true, checked: entries.length, head: chain.head };
}
