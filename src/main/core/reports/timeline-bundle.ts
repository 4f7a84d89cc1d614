import type { Incident, TimelineEntry } from '../../../shared/model';
import { GENESIS_HASH, type EntryHeader } from '../journal/chain';

export const BUNDLE_FORMAT = 'incident-console.timeline-bundle';

/** One entry as the chain commits to it: its header, its body, and the three hashes. Nothing derived. */
export interface BundleEntry extends EntryHeader {
  /** null when the body was redacted: its hash still stands in the chain. */
  text: string | null;
  data: Record<string, unknown> | null;
  bodyHash: string;
  prevHash: string;
  hash: string;
}

export interface TimelineBundle {
  format: typeof BUNDLE_FORMAT;
  version: 1;
  exportedAt: string;
  incident: Incident;
  chain: { algorithm: string; genesis: string; head: string; entryCount: number };
  entries: BundleEntry[];
}

/**
 * Every entry with its hash and the chain head: enough for anyone to re-walk the chain with
 * `npm run verify` (or their own sha256) without the console or its database.
 */
export function timelineBundle(incident: Incident, entries: readonly TimelineEntry[], exportedAt: string): TimelineBundle {
  return {
    format: BUNDLE_FORMAT,
    version: 1,
    exportedAt,
    incident,
    chain: {
      algorithm:
        'bodyHash = sha256(canonical({text, data})); hash = sha256(prevHash + canonical({id, incidentId, seq, kind, author, recordedAt, occurredAt, refersTo}) + bodyHash); canonical = JSON with keys sorted',
      genesis: GENESIS_HASH,
      head: entries.at(-1)?.hash ?? GENESIS_HASH,
      entryCount: entries.length,
    },
    // One literal of one shape, in the bundle's field order (no spread of the header): an export maps every entry.
    entries: entries.map((entry) => ({
      id: entry.id,
      incidentId: entry.incidentId,
      seq: entry.seq,
      kind: entry.kind,
      author: entry.author,
      recordedAt: entry.recordedAt,
      occurredAt: entry.occurredAt,
      refersTo: entry.refersTo,
      text: entry.text,
      data: entry.data,
      bodyHash: entry.bodyHash,
      prevHash: entry.prevHash,
      hash: entry.hash,
    })),
  };
}

/** Readable and diff-friendly: the header indented, then one entry per line (cheaper than indenting 10,000 entries). */
export function serializeBundle(bundle: TimelineBundle): string {
  const { entries, ...header } = bundle;
  const head = JSON.stringify(header, null, 2);
  const lines = entries.map((entry) => `    ${JSON.stringify(entry)}`);
  return `${head.slice(0, -2)},\n  "entries": [\n${lines.join(',\n')}\n  ]\n}\n`;
}
