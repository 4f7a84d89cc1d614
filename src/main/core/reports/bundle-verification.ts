import { z } from 'zod';
import { chainedEntryOf, ChainWalk, UNACCOUNTED_BODY } from '../journal/chain-link';
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
 * Re-walks an exported bundle with the journal's own chain walk and names the first entry that
 * does not verify. Derived flags (pinned, redacted) are not in the bundle: only what is hashed.
 */
export function verifyBundle(raw: unknown): BundleVerification {
  const bundle = BundleShape.safeParse(raw);
  if (!bundle.success) {
    return {
      ok: false,
      checked: 0,
      head: null,
      error: `Not a timeline bundle: ${bundle.error.issues[0]?.path.join('.') ?? ''} ${bundle.error.issues[0]?.message ?? ''}`.trim(),
    };
  }
  const { entries, chain, incident } = bundle.data;
  const broken = (index: number, seq: unknown, entryId: unknown, reason: string): BundleVerification => ({
    ok: false,
    checked: index,
    head: chain.head,
    broken: { index, seq, entryId, reason },
  });
  const walk = new ChainWalk(incident.id);
  for (const [index, candidate] of entries.entries()) {
    const parsed = BundleEntryShape.safeParse(candidate);
    if (!parsed.success) {
      const loose = (candidate ?? {}) as { seq?: unknown; id?: unknown };
      const issue = parsed.error.issues[0];
      return broken(index, loose.seq, loose.id, `malformed: ${issue?.path.join('.') || '(entry)'} ${issue?.message ?? ''}`.trim());
    }
    const reason = walk.step(chainedEntryOf(parsed.data));
    if (reason) return broken(index, parsed.data.seq, parsed.data.id, reason);
  }
  const unaccounted = walk.unaccounted();
  if (unaccounted) return broken(unaccounted.checked, unaccounted.seq, unaccounted.id, UNACCOUNTED_BODY);
  if (chain.entryCount !== entries.length) {
    return { ok: false, checked: entries.length, head: chain.head, error: `the bundle says ${chain.entryCount} entries but holds ${entries.length}` };
  }
  if (walk.head !== chain.head) {
    return {
      ok: false,
      checked: entries.length,
      head: chain.head,
      error: 'the last entry is not the chain head the bundle names (entries missing or head changed)',
    };
  }
  return { ok: true, checked: entries.length, head: chain.head };
}
