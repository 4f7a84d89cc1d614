import { errorMessage } from '../../../shared/errors';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { PublicKeyBase64 } from '../../../shared/evidence-statements';
import type { Clock } from '../clock';
import { writePrivateFile } from '../files/private-files';
import type { SetAsideReporter } from '../files/set-aside-log';
import { parseWithSchema, readSideFile } from '../files/side-file';

export const DEVICE_FILE_NAME = 'device.json';
const DEVICE_FORMAT = 1;

const DeviceKeyEntry = z.object({
  publicKey: PublicKeyBase64,
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
  /** first: the device's first key; operator: a rotation asked for; key_lost: made because the keychain no longer held the last one. */
  cause: z.enum(['first', 'operator', 'key_lost']),
});
export type DeviceKeyEntry = z.infer<typeof DeviceKeyEntry>;

const DeviceFileShape = z.object({
  version: z.literal(DEVICE_FORMAT),
  deviceId: z.string().uuid(),
  createdAt: z.string(),
  /** Oldest first; the last is the current key. Private keys are in the keychain, never here. */
  keys: z.array(DeviceKeyEntry),
});
export type DeviceFile = z.infer<typeof DeviceFileShape>;

/**
 * `<data dir>/device.json`: this console install's stable device id and its public keys, beside
 * the journal it writes. A missing file makes a new identity; a damaged one is set aside (as
 * every side file is) and a new identity is made, which the banner reports. Saving it can fail
 * (a read-only disk): the identity then holds for this run, and `saveProblem` says so.
 */
export class DeviceIdentityFile {
  readonly path: string;
  private current: DeviceFile;
  private problem: string | null = null;

  constructor(dataDir: string, clock: Clock, report?: SetAsideReporter) {
    this.path = join(dataDir, DEVICE_FILE_NAME);
    let made = false;
    this.current = readSideFile(
      {
        path: this.path,
        label: 'device identity',
        version: DEVICE_FORMAT,
        defaults: () => {
          made = true;
          return { version: DEVICE_FORMAT, deviceId: randomUUID(), createdAt: clock.now().toISOString(), keys: [] };
        },
        parse: parseWithSchema(DeviceFileShape, 'device identity'),
      },
      { clock, report },
    );
    if (made) this.save(this.current);
  }

  get deviceId(): string {
    return this.current.deviceId;
  }

  get keys(): readonly DeviceKeyEntry[] {
    return this.current.keys;
  }

  /** Why the file could not be saved, if it could not: the identity is then this run's only. */
  get saveProblem(): string | null {
    return this.problem;
  }

  /** A new current key. Kept in memory even when the file cannot be saved (saveProblem says so). */
  addKey(key: DeviceKeyEntry): void {
    this.current = { ...this.current, keys: [...this.current.keys, key] };
    this.save(this.current);
  }

  private save(file: DeviceFile): void {
    try {
      writePrivateFile(this.path, `${JSON.stringify(file, null, 2)}\n`, 'save the device identity');
      this.problem = null;
    } catch (error) {
      this.problem = errorMessage(error);
    }
  }
}
