import type { JournalConnection } from './journal-connection';

/** A device's public key as the journal keeps it: raw 32 bytes in base64, and its sha256 (hex). */
export interface DeviceKeyRecord {
  deviceId: string;
  publicKey: string;
  fingerprint: string;
  recordedAt: string;
}

const RECORD_KEY = 'INSERT INTO device_keys (fingerprint, device_id, public_key, recorded_at) VALUES (?, ?, ?, ?) ON CONFLICT (fingerprint) DO NOTHING';
export const KEYS_OF_DEVICES = `SELECT fingerprint, device_id AS deviceId, public_key AS publicKey, recorded_at AS recordedAt
  FROM device_keys WHERE device_id IN (SELECT value FROM json_each(?)) ORDER BY recorded_at, fingerprint`;

/**
 * The public keys of the devices that signed this journal's checkpoints, kept in the journal
 * itself: an export must carry every key its signatures need, even when the device file beside
 * the journal is lost or the key was rotated since.
 */
export class DeviceKeys {
  constructor(private readonly connection: JournalConnection) {}

  /** Inside a write transaction; a key already recorded is left as it was. */
  recordInTransaction(key: DeviceKeyRecord): void {
    this.connection.sql(RECORD_KEY).run(key.fingerprint, key.deviceId, key.publicKey, key.recordedAt);
  }

  ofDevices(deviceIds: readonly string[]): DeviceKeyRecord[] {
    return this.connection.read('read the device keys', () => this.connection.sql<[string], DeviceKeyRecord>(KEYS_OF_DEVICES).all(JSON.stringify(deviceIds)));
  }
}
