import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { SshTarget } from '../../src/shared/diagnostics-schemas';
import { freePort, waitFor } from './free-port';
import { startService } from './service-process';

export interface TestSshd {
  port: number;
  user: string;
  /** A known_hosts file holding this server's host key. */
  knownHostsFile: string;
  /** The client key authorized on this server. */
  identityFile: string;
  /** An SSH target for a Host, using the test known_hosts and key (never the operator's own). */
  target(): SshTarget;
  stop(): Promise<void>;
}

/**
 * A real OpenSSH server on a random loopback port, as the current user, with a generated host key
 * and user key in a temp dir (StrictModes off, a test authorized_keys, no passwords).
 */
export async function startSshd(): Promise<TestSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'ic-sshd-'));
  const hostKey = join(dir, 'host_ed25519');
  const identityFile = join(dir, 'client_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey, '-C', 'ic-test-host']);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', identityFile, '-C', 'ic-test-client']);
  const authorizedKeys = join(dir, 'authorized_keys');
  writeFileSync(authorizedKeys, readFileSync(`${identityFile}.pub`), { mode: 0o600 });
  const port = await freePort();
  const user = userInfo().username;
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${authorizedKeys}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'StrictModes no',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'PermitRootLogin prohibit-password',
      `AllowUsers ${user}`,
      'LogLevel ERROR',
      'PrintMotd no',
      '',
    ].join('\n'),
  );
  // The privilege-separation directory sshd insists on when started as root.
  if (userInfo().uid === 0) mkdirSync('/run/sshd', { recursive: true });
  const service = startService('/usr/sbin/sshd', ['-D', '-e', '-f', config]);
  const knownHostsFile = join(dir, 'known_hosts');
  const publicHostKey = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  writeFileSync(knownHostsFile, `[127.0.0.1]:${port} ${publicHostKey}\n`);
  const target = (): SshTarget => ({
    kind: 'ssh',
    user,
    host: '127.0.0.1',
    port,
    identityFile,
    connectTimeoutSeconds: 5,
    options: [
      { name: 'UserKnownHostsFile', value: knownHostsFile },
      { name: 'GlobalKnownHostsFile', value: '/dev/null' },
      { name: 'StrictHostKeyChecking', value: 'yes' },
    ],
  });
  await waitFor(`sshd on ${port}: ${service.output()}`, () => {
    const out = execFileSync(
      'ssh',
      [
        '-F',
        '/dev/null',
        '-o',
        'BatchMode=yes',
        '-p',
        String(port),
        '-i',
        identityFile,
        '-o',
        `UserKnownHostsFile=${knownHostsFile}`,
        '-o',
        'StrictHostKeyChecking=yes',
        '--',
        `${user}@127.0.0.1`,
        'echo ready',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return out.trim() === 'ready' ? true : undefined;
  });
  return {
    port,
    user,
    knownHostsFile,
    identityFile,
    target,
    async stop() {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
