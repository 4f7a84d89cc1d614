import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ConsoleError } from '../../../shared/errors';
import { Host } from '../../../shared/diagnostics-schemas';

/**
 * The operator's hosts, in a JSON settings file in the data dir. No secrets live here: SSH
 * authentication is the operator's agent and keys, referenced by path at most.
 */
const HostsFile = z.object({ version: z.literal(1), hosts: z.array(Host) });

export const HOSTS_FILE_NAME = 'diagnostics-hosts.json';

const LOCAL_HOST: Host = { name: 'local', target: { kind: 'local' }, roles: [], connection: {} };

export class HostStore {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, HOSTS_FILE_NAME);
  }

  list(): Host[] {
    if (!existsSync(this.file)) return [LOCAL_HOST];
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (error) {
      throw new ConsoleError('HOSTS_FILE_INVALID', `${this.file} is not valid JSON (${(error as Error).message}); fix or remove it`);
    }
    const parsed = HostsFile.safeParse(raw);
    if (!parsed.success) {
      throw new ConsoleError('HOSTS_FILE_INVALID', `${this.file} does not hold a valid host list: ${parsed.error.issues[0]?.message ?? ''}`);
    }
    return parsed.data.hosts;
  }

  get(name: string): Host {
    const host = this.list().find((candidate) => candidate.name === name);
    if (!host) throw new ConsoleError('HOST_NOT_FOUND', `No host named "${name}"`);
    return host;
  }

  save(host: Host, previousName?: string): Host[] {
    const hosts = this.list();
    const replacing = previousName ?? host.name;
    if (host.name !== replacing && hosts.some((candidate) => candidate.name === host.name)) {
      throw new ConsoleError('HOST_EXISTS', `A host named "${host.name}" already exists`);
    }
    const index = hosts.findIndex((candidate) => candidate.name === replacing);
    if (index >= 0) hosts[index] = host;
    else hosts.push(host);
    this.write(hosts);
    return hosts;
  }

  remove(name: string): Host[] {
    const hosts = this.list().filter((candidate) => candidate.name !== name);
    this.write(hosts);
    return hosts;
  }

  private write(hosts: Host[]): void {
    mkdirSync(dirname(this.file), { recursive: true });
    // Write then rename, so a crash never leaves half a file.
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify({ version: 1, hosts }, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}

export function describeHost(host: Host): string {
  if (host.target.kind === 'local') return `${host.name} (this machine)`;
  const { user, host: address, port } = host.target;
  return `${host.name} (${user ? `${user}@` : ''}${address}${port ? `:${port}` : ''})`;
}
