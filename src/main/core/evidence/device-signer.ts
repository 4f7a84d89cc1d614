import { errorMessage } from '../../../shared/errors';
import type { KeyObject } from 'node:crypto';
import type { Clock } from '../clock';
import type { SecretStore } from '../secrets';
import type { DeviceIdentityFile, DeviceKeyEntry } from './device-file';
import { shortFingerprint } from '../../../shared/evidence-statements';
import { generateDeviceKey, keyPairOf, privateKeyFromStored, signBytes, storedPrivateKey, type DeviceKeyPair } from './device-key';

/** Where private device keys live in the OS keychain: one account per key, named by its fingerprint. */
export const DEVICE_KEY_SERVICE = 'Incident Console device key';

/**
 * Whether this run signs: with the device key (and a note when a key had to be made anew), or
 * not at all, with the reason in the words the Overview and every unsigned checkpoint show.
 */
export type SigningState = { signed: true; key: DeviceKeyPair; note: string | null } | { signed: false; reason: string };

/**
 * The device key, held in the OS keychain through the secret store. It is read once at start (in
 * the background: a locked keychain may be slow to answer); until then `state` is undefined and
 * signing waits for `ready`. Without a keychain (or with only the this-run-only store) nothing is
 * signed, and the state says so plainly; no key is ever kept in a file.
 */
export class DeviceSigner {
  readonly ready: Promise<SigningState>;
  private current: SigningState | undefined;
  /** Keys replaced by a rotation, kept until every incident they signed has recorded the rotation. */
  private readonly retiring = new Map<string, DeviceKeyPair>();

  constructor(
    private readonly file: DeviceIdentityFile,
    private readonly secrets: SecretStore,
    private readonly clock: Clock,
  ) {
    this.ready = this.load().then((state) => (this.current = state));
  }

  get deviceId(): string {
    return this.file.deviceId;
  }

  /** Undefined while the keychain has not answered yet. */
  get state(): SigningState | undefined {
    return this.current;
  }

  /** The keys this device has had, oldest first (from its device file). */
  get keys(): readonly DeviceKeyEntry[] {
    return this.file.keys;
  }

  /** The private half of a key this run still holds (the current one, or one being retired). */
  pairOf(fingerprint: string): DeviceKeyPair | undefined {
    if (this.current?.signed && this.current.key.fingerprint === fingerprint) return this.current.key;
    return this.retiring.get(fingerprint);
  }

  sign(pair: DeviceKeyPair, bytes: Uint8Array): string {
    return signBytes(pair.privateKey, bytes);
  }

  /**
   * A new key replaces the current one, which is kept (in memory and the keychain) until `retire`:
   * the rotation entries it signs are written after this returns. Answers the replaced key.
   */
  async rotate(): Promise<DeviceKeyPair> {
    const state = await this.ready;
    if (!state.signed) throw new Error(state.reason);
    const made = await this.makeKey('operator');
    if (!made.signed) throw new Error(made.reason);
    this.retiring.set(state.key.fingerprint, state.key);
    this.current = made;
    return state.key;
  }

  /** The replaced key is no longer needed: its private half leaves memory and the keychain. */
  async retire(fingerprint: string): Promise<void> {
    this.retiring.delete(fingerprint);
    await this.secrets.delete(DEVICE_KEY_SERVICE, fingerprint);
  }

  private async load(): Promise<SigningState> {
    if (this.secrets.kind === 'memory') {
      return { signed: false, reason: "This run's checkpoints are unsigned: only a this-run-only secret store is in use, so there is no device key." };
    }
    const probe = await this.secrets.probe();
    if (!probe.available) {
      return {
        signed: false,
        reason: `This run's checkpoints are unsigned: the device key lives in the OS keychain, and no OS keychain is available (${probe.reason ?? probe.message ?? 'it did not answer'}).`,
      };
    }
    const last = this.file.keys.at(-1);
    if (!last) return this.makeKey('first');
    let stored: string | null;
    try {
      stored = await this.secrets.get(DEVICE_KEY_SERVICE, last.fingerprint);
    } catch (error) {
      return { signed: false, reason: `This run's checkpoints are unsigned: the keychain could not be read (${errorMessage(error)}).` };
    }
    const privateKey: KeyObject | undefined = stored === null ? undefined : privateKeyFromStored(stored);
    const pair = privateKey ? keyPairOf(privateKey) : undefined;
    if (pair && pair.fingerprint === last.fingerprint) return { signed: true, key: pair, note: this.saveNote() };
    const made = await this.makeKey('key_lost');
    if (!made.signed) return made;
    const lost = `The device key ${shortFingerprint(last.fingerprint)} is no longer in this keychain, so a new key ${shortFingerprint(made.key.fingerprint)} was made. Incidents the old key signed record the change unsigned: the old key cannot vouch for the new one.`;
    return { ...made, note: [lost, made.note].filter(Boolean).join(' ') };
  }

  private async makeKey(cause: DeviceKeyEntry['cause']): Promise<SigningState> {
    const pair = generateDeviceKey();
    try {
      await this.secrets.set(DEVICE_KEY_SERVICE, pair.fingerprint, storedPrivateKey(pair.privateKey));
    } catch (error) {
      return { signed: false, reason: `This run's checkpoints are unsigned: a device key could not be stored in the keychain (${errorMessage(error)}).` };
    }
    this.file.addKey({ publicKey: pair.publicKey, fingerprint: pair.fingerprint, createdAt: this.clock.now().toISOString(), cause });
    return { signed: true, key: pair, note: this.saveNote() };
  }

  private saveNote(): string | null {
    const problem = this.file.saveProblem;
    return problem ? `The device identity could not be saved (${problem}); it holds for this run, and a new one is made next time.` : null;
  }
}
