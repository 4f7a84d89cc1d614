import { fillElement, type CatalogCommand, type CommandCatalog } from '../../../shared/command-catalog';
import { checkParam } from '../../../shared/command-params';
import type { Host } from '../../../shared/diagnostics-schemas';
import { ConsoleError, type ErrorIssue } from '../../../shared/errors';
import { sshArgv, sshPrefix } from './ssh-command';

export type PlannedStep = { kind: 'run'; argv: string[]; spawnArgv: string[]; cwd: string | undefined; viaSsh: boolean } | { kind: 'wait'; seconds: number };

export interface CommandPlan {
  command: CatalogCommand;
  host: Host;
  params: Record<string, string>;
  steps: PlannedStep[];
  /** For the operator and the journal: each step's argv, a wait as one readable word. */
  displaySteps: string[][];
  transport: string[];
}

export function findCommand(catalog: CommandCatalog, commandId: string): CatalogCommand {
  const command = catalog.commands.find((candidate) => candidate.id === commandId);
  if (!command) throw new ConsoleError('UNKNOWN_COMMAND', `No command "${commandId}" in the catalog`);
  return command;
}

/**
 * Turns (command, host, parameters) into exactly what will be executed: every parameter
 * resolved (operator value, else the host's connection setting, else the catalog default) and
 * checked by its kind, then each step's argv filled, and for SSH hosts wrapped in ssh.
 */
export function planCommand(command: CatalogCommand, host: Host, given: Record<string, string>, now: Date): CommandPlan {
  const issues: ErrorIssue[] = [];
  const declared = new Set(command.params.map((param) => param.name));
  for (const name of Object.keys(given)) {
    if (!declared.has(name)) issues.push({ path: `params.${name}`, message: `${command.id} takes no parameter "${name}"` });
  }
  const values: Record<string, string> = {};
  for (const param of command.params) {
    const fromOperator = given[param.name];
    const fromHost = param.hostSetting ? host.connection[param.hostSetting] : undefined;
    const raw = fromOperator !== undefined && fromOperator !== '' ? fromOperator : fromHost !== undefined && fromHost !== '' ? fromHost : param.default;
    if (raw === undefined) {
      issues.push({ path: `params.${param.name}`, message: `${param.label} is required` });
      continue;
    }
    const checked = checkParam(param, raw);
    if (checked.ok) values[param.name] = checked.value;
    else issues.push({ path: `params.${param.name}`, message: `${param.label}: ${checked.message}` });
  }
  if (issues.length > 0) {
    throw new ConsoleError('INVALID_PARAMS', issues.map((issue) => issue.message).join('; '), issues);
  }

  const filled = { ...values, timestamp: compactUtc(now) };
  const steps: PlannedStep[] = [];
  const rawSteps = command.argv ? [{ run: command.argv }] : (command.steps ?? []);
  for (const step of rawSteps) {
    if ('waitSeconds' in step) {
      steps.push({ kind: 'wait', seconds: step.waitSeconds });
      continue;
    }
    const argv = step.run.map((element) => fillElement(element, filled));
    if (host.target.kind === 'local') {
      steps.push({ kind: 'run', argv, spawnArgv: argv, cwd: command.cwd, viaSsh: false });
    } else {
      steps.push({ kind: 'run', argv, spawnArgv: sshArgv(host.target, argv, command.cwd), cwd: undefined, viaSsh: true });
    }
  }
  return {
    command,
    host,
    params: values,
    steps,
    displaySteps: steps.map((step) => (step.kind === 'run' ? step.argv : [`(wait ${step.seconds} s)`])),
    transport: host.target.kind === 'ssh' ? sshPrefix(host.target) : [],
  };
}

/** 20260315_092928, the backup file name's timestamp (UTC). */
export function compactUtc(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}_${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}
