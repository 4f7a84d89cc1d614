import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { errorMessage } from '../../shared/errors';

/** The keychain API the secret store uses (a subset of `@github/keytar`). */
export interface KeychainBinding {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export type KeychainBindingResult = { ok: true; binding: KeychainBinding } | { ok: false; reason: string };

/**
 * Loads `@github/keytar` on first use rather than at import: its native addon links libsecret on
 * Linux, and a machine without that library (a fresh laptop, a minimal container) must still start
 * the console, with "no keychain" as a state rather than a crash at import.
 */
export async function loadKeychainBinding(): Promise<KeychainBindingResult> {
  try {
    const module = (await import('@github/keytar')) as KeychainBinding & { default?: KeychainBinding };
    return { ok: true, binding: module.default ?? module };
  } catch (error) {
    return { ok: false, reason: `the keychain library could not be loaded: ${addonLoadError() ?? firstLine(error)}` };
  }
}

/**
 * keytar's own loader swallows the dynamic linker's message ("libsecret-1.so.0: cannot open shared
 * object file"), which is the one thing a user can act on; loading its prebuilt addon directly
 * recovers it.
 */
function addonLoadError(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const packageDir = dirname(require.resolve('@github/keytar/package.json'));
    require(join(packageDir, 'prebuilds', `${process.platform}-${process.arch}`, 'keytar.node'));
    return undefined;
  } catch (error) {
    // The linker names the file that failed after the addon's own path; the message is what matters.
    const line = firstLine(error);
    const linkerMessage = /: ([^:/]+\.so[^:]*: .+)$/.exec(line)?.[1];
    return linkerMessage ?? line;
  }
}

/** A failure's first line, capped: keytar and the dynamic linker add lines and paths no one can act on. */
export function firstLine(error: unknown): string {
  const text = errorMessage(error);
  return (text.split('\n')[0] ?? '').trim().slice(0, 200) || 'unknown error';
}
