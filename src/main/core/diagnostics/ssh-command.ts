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
 * The one string ssh hands the remote login shell: every argv element single-quoted, so the
 * remote shell splits it back into exactly these words and expands nothing.
 */
export function remoteCommand(argv: readonly string[], cwd?: string): string {
  const command = `exec ${shellQuoteArgv(argv)}`;
  return cwd ? `cd ${shellQuote(cwd)} && ${command}` : command;
}

export function sshArgv(target: SshTarget, argv: readonly string[], cwd?: string): string[] {
  return [...sshPrefix(target), remoteCommand(argv, cwd)];
}
