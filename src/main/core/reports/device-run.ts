/** Why an entry cannot follow the ones before it in one device's chain. */
export type DeviceBreak = { reason: 'none after a device'; device: string } | { reason: 'another device'; device: string; entryDevice: string };

/**
 * The devices of a chain's entries in order: entries without a device come only from before devices
 * existed, so only before the first entry with one, and every entry with one names the same. Parts
 * of a bundle walked apart (in worker threads) each keep one, joined in order.
 */
export class DeviceRun {
  /** The device of the entries, from the first that names one. */
  device: string | null = null;
  /** Entries without a device, all before the first with one. */
  legacy = 0;

  /** Takes the next entry's device, or says why it cannot come next (and takes nothing). */
  take(entryDevice: string | undefined): DeviceBreak | undefined {
    if (entryDevice === undefined) {
      if (this.device !== null) return { reason: 'none after a device', device: this.device };
      this.legacy += 1;
    } else if (this.device === null) {
      this.device = entryDevice;
    } else if (entryDevice !== this.device) {
      return { reason: 'another device', device: this.device, entryDevice };
    }
    return undefined;
  }

  /** Whether the run of the entries right after these can follow them. */
  follows(next: Pick<DeviceRun, 'device' | 'legacy'>): boolean {
    return this.device === null || (next.legacy === 0 && (next.device === null || next.device === this.device));
  }

  /** Takes the run of the entries right after these; false, and nothing changes, when it cannot follow them. */
  join(next: Pick<DeviceRun, 'device' | 'legacy'>): boolean {
    if (!this.follows(next)) return false;
    this.legacy += next.legacy;
    this.device ??= next.device;
    return true;
  }
}
