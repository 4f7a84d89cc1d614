import { join } from 'node:path';
import { z } from 'zod';
import { ConsoleError } from '../../../shared/errors';
import { Host } from '../../../shared/diagnostics-schemas';
import { systemClock, type Clock } from '../clock';
import { writePrivateFile } from '../files/private-files';
import type { SetAsideReporter } from '../files/set-aside-log';
import { parseWithSchema, readSideFile } from '../files/side-file';

const HOSTS_FORMAT = 1;
const HostsFile = z.object({ version: z.literal(HOSTS_FORMAT), hosts: z.array(Host) });

export const HOSTS_FILE_NAME = 'diagnostics-hosts.json';

const LOCAL_HOST: Host = { name: 'local', target: { kind: 'local' }, roles: [], connection: {} };

/**
 * The operator's hosts, in a JSON settings file in the data dir. No secrets live here: SSH
 * authentication is the operator's agent and keys, referenced by path at most.
 */
export class HostStore {
  private readonly file: string;

  constructor(
    dataDir: string,
    private readonly report?: SetAsideReporter,
    private readonly clock: Clock = systemClock,
  ) {
    this.file = join(dataDir, HOSTS_FILE_NAME);
  }

  /** Read on every call (the operator may edit the file by hand); a damaged one is set aside and reported. */
  list(): Host[] {
    const parse = parseWithSchema(HostsFile, 'diagnostics hosts');
    return readSideFile(
      {
        path: this.file,
        label: 'diagnostics hosts',
        version: HOSTS_FORMAT,
        defaults: () => [LOCAL_HOST],
        parse: (data) => {
          const parsed = parse(data);
          return parsed.ok ? { ok: true, value: parsed.value.hosts } : parsed;
        },
      },
      { clock: this.clock, report: this.report },
    );
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
      throw new ConsoleError('HOST_EXISTS', `A host named "${host.name}" already exists`, [{ path: 'host.name', message: 'Another host has this name' }]);
    }
    const index = hosts.findIndex((candidate) => candidate.name === replacing);
    if (index >= 0) hosts[index] = host;
    else hosts.push(host);
    this.write(hosts, `save the host ${host.name}`);
    return hosts;
  }

  remove(name: string): Host[] {
    const hosts = this.list().filter((candidate) => candidate.name !== name);
    this.write(hosts, `remove the host ${name}`);
    return hosts;
  }

  private write(hosts: Host[], what: string): void {
    writePrivateFile(this.file, `${JSON.stringify({ version: HOSTS_FORMAT, hosts }, null, 2)}\n`, what);
  }
}

export function describeHost(host: Host): string {
  if (host.target.kind === 'local') return `${host.name} (this machine)`;
  const { user, host: address, port } = host.target;
  return `${host.name} (${user ? `${user}@` : ''}${address}${port ? `:${port}` : ''})`;
}
