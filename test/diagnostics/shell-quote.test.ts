import { execFileSync, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote, shellQuoteArgv } from '../../src/main/core/diagnostics/shell-quote';
import { remoteCommand } from '../../src/main/core/diagnostics/ssh-command';

const NASTY = [
  'plain',
  'two words',
  "it's",
  '"double"',
  '$(touch /tmp/ic-pwned)',
  '`id`',
  '; rm -rf /',
  'a\nb',
  '$HOME',
  '*',
  '\\',
  "'; echo injected; '",
  '',
  '-n',
];

describe('POSIX quoting of argv for the remote shell', () => {
  it('a real sh gets back exactly each element, expanding nothing', () => {
    const out = execFileSync('sh', ['-c', `printf '%s\\0' ${shellQuoteArgv(NASTY)}`]);
    expect(out.toString('utf8').split('\0').slice(0, -1)).toEqual(NASTY);
  });

  it('the remote command (with its watchdog) runs exactly the argv', async () => {
    // stdin stays open as an SSH connection's does: the watchdog stops the command only when it closes.
    const child = spawn('sh', ['-c', remoteCommand(['printf', '%s\\0', ...NASTY])], { stdio: ['pipe', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    child.stdin.end();
    expect(code).toBe(0);
    expect(Buffer.concat(chunks).toString('utf8').split('\0').slice(0, -1)).toEqual(NASTY);
  });

  it('leaves plain words readable', () => {
    expect(shellQuote('powernode-worker@default')).toBe('powernode-worker@default');
    expect(shellQuote('SELECT now();')).toBe("'SELECT now();'");
  });
});
