import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Profile } from '../../../shared/powernode-schemas';

const ProfilesFile = z.object({ version: z.literal(1), profiles: z.array(Profile) });

/**
 * Environment profiles (name, base URL, email) in `<dataDir>/powernode-profiles.json`.
 * Never a secret in it: passwords and refresh tokens go to the keychain.
 */
export class ProfileStore {
  private readonly path: string;
  private profiles: Profile[];

  constructor(dataDir: string) {
    this.path = join(dataDir, 'powernode-profiles.json');
    this.profiles = this.read();
  }

  list(): Profile[] {
    return [...this.profiles].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): Profile | undefined {
    return this.profiles.find((profile) => profile.name === name);
  }

  save(profile: Profile): void {
    this.profiles = [...this.profiles.filter((existing) => existing.name !== profile.name), profile];
    this.write();
  }

  remove(name: string): void {
    this.profiles = this.profiles.filter((profile) => profile.name !== name);
    this.write();
  }

  private read(): Profile[] {
    if (!existsSync(this.path)) return [];
    const parsed = ProfilesFile.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
    if (!parsed.success) throw new Error(`${this.path} is not a valid profiles file; fix or move it aside`);
    return parsed.data.profiles;
  }

  private write(): void {
    // Write-then-rename, so a crash never leaves half a file.
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, `${JSON.stringify({ version: 1, profiles: this.profiles }, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}

/** The keychain service name of a profile: one per profile, so removing it removes exactly its secrets. */
export const keychainService = (profile: string) => `Incident Console Powernode (${profile})`;
export const PASSWORD_ACCOUNT = 'password';
export const REFRESH_ACCOUNT = 'refresh_token';
