import { execFileSync } from 'node:child_process';
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

  it('the remote command (with its watchdog) runs exactly the argv', () => {
    const out = execFileSync('sh', ['-c', remoteCommand(['printf', '%s\\0', ...NASTY])], { input: '' });
    expect(out.toString('utf8').split('\0').slice(0, -1)).toEqual(NASTY);
  });

  it('leaves plain words readable', () => {
    expect(shellQuote('powernode-worker@default')).toBe('powernode-worker@default');
    expect(shellQuote('SELECT now();')).toBe("'SELECT now();'");
  });
});
