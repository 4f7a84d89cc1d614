import keytar from 'keytar';

/**
 * Where secrets live: the OS keychain (keytar → Secret Service / Keychain / Credential Vault).
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

export class KeytarSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  private probed: Promise<{ available: boolean; message: string | null }> | undefined;

  probe() {
    this.probed ??= keytar
      .findCredentials('incident-console/probe')
      .then(() => ({ available: true, message: null }))
      .catch((error: unknown) => ({
        available: false,
        message: `No OS keychain is available (${firstLine(error)}). You can log in for this run only; nothing will be remembered.`,
      }));
    return this.probed;
  }

  get(service: string, account: string) {
    return keytar.getPassword(service, account);
  }

  set(service: string, account: string, secret: string) {
    return keytar.setPassword(service, account, secret);
  }

  async delete(service: string, account: string) {
    await keytar.deletePassword(service, account);
  }

  async deleteAll(service: string) {
    for (const credential of await keytar.findCredentials(service)) {
      await keytar.deletePassword(service, credential.account);
    }
  }
}

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

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.slice(0, 200) ?? 'unknown error';
}
