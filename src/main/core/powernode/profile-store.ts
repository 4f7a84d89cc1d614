import { join } from 'node:path';
import { z } from 'zod';
import { Profile } from '../../../shared/powernode-schemas';
import { systemClock, type Clock } from '../clock';
import { writePrivateFile } from '../files/private-files';
import type { SetAsideReporter } from '../files/set-aside-log';
import { parseWithSchema, readSideFile } from '../files/side-file';

const PROFILES_FORMAT = 1;
const ProfilesFile = z.object({ version: z.literal(PROFILES_FORMAT), profiles: z.array(Profile) });
export const PROFILES_FILE_NAME = 'powernode-profiles.json';

/**
 * Environment profiles (name, base URL, email) in `<dataDir>/powernode-profiles.json`.
 * Never a secret in it: passwords and refresh tokens go to the keychain.
 */
export class ProfileStore {
  private readonly path: string;
  private profiles: Profile[];

  /** A damaged or newer-version file is set aside and reported; the store then starts empty. */
  constructor(dataDir: string, report?: SetAsideReporter, clock: Clock = systemClock) {
    this.path = join(dataDir, PROFILES_FILE_NAME);
    this.profiles = readSideFile(
      {
        path: this.path,
        label: 'Powernode profiles',
        version: PROFILES_FORMAT,
        defaults: () => [],
        parse: (data) => {
          const parsed = parseWithSchema(ProfilesFile, 'Powernode profiles')(data);
          return parsed.ok ? { ok: true, value: parsed.value.profiles } : parsed;
        },
      },
      { clock, report },
    );
  }

  list(): Profile[] {
    return [...this.profiles].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): Profile | undefined {
    return this.profiles.find((profile) => profile.name === name);
  }

  save(profile: Profile): void {
    this.write([...this.profiles.filter((existing) => existing.name !== profile.name), profile], `save the profile ${profile.name}`);
  }

  remove(name: string): void {
    this.write(
      this.profiles.filter((profile) => profile.name !== name),
      `remove the profile ${name}`,
    );
  }

  /** The list in memory changes only once the file holds it: a failed save leaves both as they were. */
  private write(profiles: Profile[], what: string): void {
    writePrivateFile(this.path, `${JSON.stringify({ version: PROFILES_FORMAT, profiles }, null, 2)}\n`, what);
    this.profiles = profiles;
  }
}

/** The keychain service name of a profile: one per profile, so removing it removes exactly its secrets. */
export const keychainService = (profile: string) => `Incident Console Powernode (${profile})`;
export const PASSWORD_ACCOUNT = 'password';
export const REFRESH_ACCOUNT = 'refresh_token';
