import { bodyHash, entryHash, entryHeaderOf } from '../../src/main/core/journal/chain';
import type { TimelineBundle } from '../../src/main/core/reports/timeline-bundle';

/**
 * What someone without the device key can do after editing a bundle: recompute every hash from
 * `position` on (1-based), so the chain is whole again; `restate` rewrites the checkpoints' stated
 * heads to match, which leaves only their signatures to fail.
 */
export function rehashFrom(edited: TimelineBundle, position: number, restate: boolean): void {
  let prev = edited.entries[position - 2]?.hash ?? '0'.repeat(64);
  for (const entry of edited.entries.slice(position - 1)) {
    if (restate && entry.kind === 'checkpoint') (entry.data as { statement: { headHash: string } }).statement.headHash = prev;
    if (entry.text !== null && entry.data !== null) entry.bodyHash = bodyHash({ text: entry.text, data: entry.data });
    entry.prevHash = prev;
    entry.hash = entryHash(prev, entryHeaderOf(entry), entry.bodyHash);
    prev = entry.hash;
  }
  edited.chains[0]!.head = prev;
}
