import { ConsoleError } from '../../shared/errors';
import { firstLine, loadKeychainBinding, type KeychainBinding, type KeychainBindingResult } from './keychain-binding';

/**
 * Where secrets live: the OS keychain (@github/keytar → Secret Service / Keychain / Credential Vault).
 * Services take this interface, so a machine without a keychain can fall back, visibly, to a
 * this-run-only memory store, and tests can use the real keychain in a private D-Bus session.
 */
export interface SecretStore {
  readonly kind: 'keychain' | 'memory';
  /** Whether it works here; the reason in plain words when it does not. */
  probe(): Promise<{ available: boolean; message: string | null }>;
  get(service: string, account: string): Promise<string | null>;
  set(service: string, account: string, secret: string): Promise<void>;
  delete(service: string, account: string): Promise<void>;
  /** Removes every secret of a service (a removed profile leaves nothing behind). */
  deleteAll(service: string): Promise<void>;
}

/** How long the keychain may take to answer the probe (a locked keyring may wait for a prompt no one sees). */
const PROBE_TIMEOUT_MS = 5_000;

export class KeytarSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  private probed: Promise<{ available: boolean; message: string | null }> | undefined;
  private loaded: Promise<KeychainBindingResult> | undefined;

  constructor(private readonly load: () => Promise<KeychainBindingResult> = loadKeychainBinding) {}

  probe() {
    this.probed ??= this.probeOnce();
    return this.probed;
  }

  get(service: string, account: string) {
    return this.use('read a secret', (keychain) => keychain.getPassword(service, account));
  }

  async set(service: string, account: string, secret: string) {
    await this.use('store a secret', (keychain) => keychain.setPassword(service, account, secret));
  }

  async delete(service: string, account: string) {
    await this.use('delete a secret', (keychain) => keychain.deletePassword(service, account));
  }

  async deleteAll(service: string) {
    await this.use('delete the secrets of a profile', async (keychain) => {
      for (const credential of await keychain.findCredentials(service)) {
        await keychain.deletePassword(service, credential.account);
      }
    });
  }

  /** One keychain operation: no keychain is KEYCHAIN_UNAVAILABLE; a keychain that fails at it (locked, its D-Bus gone) KEYCHAIN_FAILED. */
  private async use<T>(doing: string, operation: (keychain: KeychainBinding) => Promise<T>): Promise<T> {
    const keychain = await this.binding();
    try {
      return await operation(keychain);
    } catch (error) {
      throw new ConsoleError('KEYCHAIN_FAILED', `The OS keychain could not ${doing} (${firstLine(error)}).`);
    }
  }

  private async probeOnce(): Promise<{ available: boolean; message: string | null }> {
    const result = await this.loadOnce();
    if (!result.ok) return { available: false, message: unavailable(result.reason) };
    try {
      await withTimeout(result.binding.findCredentials('incident-console/probe'), PROBE_TIMEOUT_MS);
      return { available: true, message: null };
    } catch (error) {
      return { available: false, message: unavailable(firstLine(error)) };
    }
  }

  private async binding(): Promise<KeychainBinding> {
    const result = await this.loadOnce();
    if (!result.ok) throw new ConsoleError('KEYCHAIN_UNAVAILABLE', unavailable(result.reason));
    return result.binding;
  }

  private loadOnce(): Promise<KeychainBindingResult> {
    this.loaded ??= this.load();
    return this.loaded;
  }
}

const unavailable = (reason: string) => `No OS keychain is available (${reason}). You can log in for this run only; nothing will be remembered.`;

/** This run only: gone when the console quits. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  private readonly values = new Map<string, string>();

  async probe() {
    return { available: true, message: null };
  }

  async get(service: string, account: string) {
    return this.values.get(key(service, account)) ?? null;
  }

  async set(service: string, account: string, secret: string) {
    this.values.set(key(service, account), secret);
  }

  async delete(service: string, account: string) {
    this.values.delete(key(service, account));
  }

  async deleteAll(service: string) {
    for (const name of [...this.values.keys()]) if (name.startsWith(`${service}\u0000`)) this.values.delete(name);
  }
}

const key = (service: string, account: string) => `${service}\u0000${account}`;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ConsoleError('KEYCHAIN_UNAVAILABLE', `the keychain did not answer within ${ms / 1000} s`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}
