import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HOSTS_FILE_NAME, HostStore } from '../../src/main/core/diagnostics/host-store';
import { sshPrefix } from '../../src/main/core/diagnostics/ssh-command';
import { Host, SshTarget } from '../../src/shared/diagnostics-schemas';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('hosts', () => {
  it('are kept in a settings file in the data dir, with no secret in it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ic-hosts-'));
    dirs.push(dir);
    const store = new HostStore(dir);
    expect(store.list().map((host) => host.name)).toEqual(['local']);
    const db = Host.parse({ name: 'db-1', target: { kind: 'ssh', user: 'ops', host: 'db1.internal', port: 2222, jumpHost: 'ops@bastion' }, roles: ['db'] });
    store.save(db);
    store.save({ ...db, name: 'db-primary' }, 'db-1');
    const reread = new HostStore(dir).list();
    expect(reread.map((host) => host.name)).toEqual(['local', 'db-primary']);
    expect(readFileSync(join(dir, HOSTS_FILE_NAME), 'utf8')).not.toMatch(/password|BEGIN/i);
    expect(new HostStore(dir).remove('db-primary').map((host) => host.name)).toEqual(['local']);
  });

  it('go through the system ssh with BatchMode, a connect timeout and `--` before the destination', () => {
    const target = SshTarget.parse({ kind: 'ssh', user: 'ops', host: 'db1', port: 2222, jumpHost: 'ops@bastion:22', identityFile: '/home/me/.ssh/id_ed25519' });
    expect(sshPrefix(target)).toEqual([
      'ssh',
      '-o',
      'BatchMode=yes',
      '-o',
      'ConnectTimeout=10',
      '-p',
      '2222',
      '-J',
      'ops@bastion:22',
      '-i',
      '/home/me/.ssh/id_ed25519',
      '-o',
      'IdentitiesOnly=yes',
      '--',
      'ops@db1',
    ]);
  });

  it('refuse ssh options that run commands, and values that could smuggle one', () => {
    const base = { kind: 'ssh', host: 'db1' };
    for (const name of ['ProxyCommand', 'LocalCommand', 'PermitLocalCommand', 'KnownHostsCommand', 'BatchMode', 'Include']) {
      expect(SshTarget.safeParse({ ...base, options: [{ name, value: 'yes' }] }).success, name).toBe(false);
    }
    for (const value of ['/tmp/a b', 'x;y', '$(id)', '-oProxyCommand=x', 'a\nb']) {
      expect(SshTarget.safeParse({ ...base, options: [{ name: 'UserKnownHostsFile', value }] }).success, value).toBe(false);
    }
    expect(SshTarget.safeParse({ ...base, host: '-oProxyCommand=x' }).success).toBe(false);
    expect(SshTarget.safeParse({ ...base, jumpHost: '-oProxyCommand=x' }).success).toBe(false);
    expect(SshTarget.safeParse({ ...base, user: 'a b' }).success).toBe(false);
    expect(SshTarget.safeParse({ ...base, identityFile: 'relative/key' }).success).toBe(false);
  });
});
