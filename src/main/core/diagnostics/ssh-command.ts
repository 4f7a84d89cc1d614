import type { SshTarget } from '../../../shared/diagnostics-schemas';
import { shellQuote, shellQuoteArgv } from './shell-quote';

/**
 * The ssh invocation for a host: the operator's own OpenSSH client, so ~/.ssh/config, the agent,
 * known_hosts and jump hosts apply. BatchMode makes it fail instead of prompting (there is no one
 * to type a password into a pipe); ConnectTimeout bounds a dead host.
 */
export function sshPrefix(target: SshTarget): string[] {
  const argv = ['ssh', '-o', 'BatchMode=yes', '-o', `ConnectTimeout=${target.connectTimeoutSeconds}`];
  if (target.port !== undefined) argv.push('-p', String(target.port));
  if (target.jumpHost) argv.push('-J', target.jumpHost);
  if (target.identityFile) argv.push('-i', target.identityFile, '-o', 'IdentitiesOnly=yes');
  for (const option of target.options) argv.push('-o', `${option.name}=${option.value}`);
  // `--` ends ssh's options: the destination can never be read as one.
  argv.push('--', target.user ? `${target.user}@${target.host}` : target.host);
  return argv;
}

/**
 * Without a terminal, a remote command does not die when ssh is killed (timeout, cancel): it
 * would keep running on the host. So the command runs in the background under a tiny POSIX
 * watchdog that waits on ssh's stdin, which the runner keeps open: when the connection goes, stdin
 * ends and the watchdog stops the command. The argv itself passes as "$@", each element quoted.
 */
const WATCHDOG =
  // fd 3 keeps ssh's stdin: a background job's own stdin is /dev/null in a non-interactive shell.
  'exec 3<&0; "$@" </dev/null 3<&- & c=$!; (cat <&3 >/dev/null 2>&1; kill -TERM "$c" 2>/dev/null) >/dev/null 2>&1 & w=$!; exec 3<&-; wait "$c"; s=$?; kill "$w" 2>/dev/null; exit "$s"';

/**
 * The one string ssh hands the remote login shell: every argv element single-quoted, so the
 * remote shell splits it back into exactly these words and expands nothing.
 */
export function remoteCommand(argv: readonly string[], cwd?: string): string {
  const command = `exec sh -c ${shellQuote(WATCHDOG)} sh ${shellQuoteArgv(argv)}`;
  return cwd ? `cd ${shellQuote(cwd)} && ${command}` : command;
}

export function sshArgv(target: SshTarget, argv: readonly string[], cwd?: string): string[] {
  return [...sshPrefix(target), remoteCommand(argv, cwd)];
}
