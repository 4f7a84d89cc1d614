import { firstLine, loadKeychainBinding, type KeychainBinding, type KeychainBindingResult } from './keychain-binding';

/**
 * Where secrets live: the OS keychain (@github/keytar → Secret Service / Keychain / Credential Vault).
 * Services take this interface, so a machine without a keychain can fall back, visibly, to a
 * this-run-only memory store, and tests can use the real keychain in a private D-Bus session.
 */
export interface SecretStore {
  readonly kind: 'keychain' | 'memory';
  /** Whether it works here; the message in plain words when it does not, and its cause alone (`reason`). */
  probe(): Promise<KeychainProbe>;
  get(service: string, account: string): Promise<string | null>;
  set(service: string, account: string, secret: string): Promise<void>;
  delete(service: string, account: string): Promise<void>;
  /** Removes every secret of a service (a removed profile leaves nothing behind). */
  deleteAll(service: string): Promise<void>;
}

export interface KeychainProbe {
  available: boolean;
  message: string | null;
  /** Why it is unavailable, as the keychain said it (no advice around it): for messages of other features. */
  reason?: string;
}

/** How long the keychain may take to answer the probe (a locked keyring may wait for a prompt no one sees). */
const PROBE_TIMEOUT_MS = 5_000;

export class KeytarSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  private probed: Promise<KeychainProbe> | undefined;
  private loaded: Promise<KeychainBindingResult> | undefined;

  constructor(private readonly load: () => Promise<KeychainBindingResult> = loadKeychainBinding) {}

  probe() {
    this.probed ??= this.binding()
      .then((keychain) => withTimeout(keychain.findCredentials('incident-console/probe'), PROBE_TIMEOUT_MS))
      .then(() => ({ available: true, message: null }))
      .catch((error: unknown) => ({
        available: false,
        message: `No OS keychain is available (${firstLine(error)}). You can log in for this run only; nothing will be remembered.`,
        reason: firstLine(error),
      }));
    return this.probed;
  }

  async get(service: string, account: string) {
    return (await this.binding()).getPassword(service, account);
  }

  async set(service: string, account: string, secret: string) {
    await (await this.binding()).setPassword(service, account, secret);
  }

  async delete(service: string, account: string) {
    await (await this.binding()).deletePassword(service, account);
  }

  async deleteAll(service: string) {
    const keychain = await this.binding();
    for (const credential of await keychain.findCredentials(service)) {
      await keychain.deletePassword(service, credential.account);
    }
  }

  private async binding(): Promise<KeychainBinding> {
    this.loaded ??= this.load();
    const result = await this.loaded;
    if (!result.ok) throw new Error(result.reason);
    return result.binding;
  }
}

/** This run only: gone when the console quits. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  private readonly values = new Map<string, string>();

  async probe(): Promise<KeychainProbe> {
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
    const timer = setTimeout(() => reject(new Error(`the keychain did not answer within ${ms / 1000} s`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}
