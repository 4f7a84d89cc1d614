/** What the merged timeline orders an entry by. */
export interface MergedOrderKey {
  occurredAt: string | null;
  recordedAt: string;
  device?: string | null;
  seq: number;
}

const byCodeUnit = (a: string, b: string): number => (a === b ? 0 : a < b ? -1 : 1);

/**
 * The merged timeline's order, as every console and the journal's SQL (binary collation) order it:
 * when it happened (else when it was recorded), then when it was recorded, then the device, then
 * its place in its chain. Deriving from this order, never from the order entries arrived in,
 * gives every console the same answer once it holds the same entries.
 */
export function compareMergedOrder(a: MergedOrderKey, b: MergedOrderKey): number {
  return (
    byCodeUnit(a.occurredAt ?? a.recordedAt, b.occurredAt ?? b.recordedAt) ||
    byCodeUnit(a.recordedAt, b.recordedAt) ||
    byCodeUnit(a.device ?? '', b.device ?? '') ||
    a.seq - b.seq
  );
}

/**
 * Entries in the order state is derived in: by seq while they come from one chain (one device;
 * entries from before devices are that chain too), where seq is the order they were written in;
 * in the merged order once they come from several, where seqs of different chains say nothing
 * about each other.
 */
export function journalOrder<T extends MergedOrderKey>(entries: readonly T[]): T[] {
  const devices = new Set<string>();
  for (const entry of entries) if (entry.device) devices.add(entry.device);
  return [...entries].sort(devices.size > 1 ? compareMergedOrder : (a, b) => a.seq - b.seq);
}
