import { randomUUID } from 'node:crypto';
import type { CommandCatalog } from '../../../shared/command-catalog';
import type { PreviewAnswer, RunDetail, RunSummary } from '../../../shared/diagnostics-schemas';
import { ConsoleError } from '../../../shared/errors';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { SetAsideReporter } from '../files/set-aside-log';
import type { PartialHandlerMap } from '../handlers';
import type { JournalPort } from '../journal/journal-port';
import { bundledCatalog } from './catalog-loader';
import { findCommand, planCommand, type CommandPlan } from './command-plan';
import { CommandRun, type RunOutcome } from './command-run';
import { describeHost, HostStore } from './host-store';

export interface DiagnosticsDeps {
  dataDir: string;
  clock: Clock;
  events: EventBus;
  /** Where runs are journaled; the journal adds the operator as author. */
  journal: JournalPort | undefined;
  catalog?: CommandCatalog;
  /** Environment for local commands and ssh (tests point HOME elsewhere). */
  env?: NodeJS.ProcessEnv;
  /** Told when a damaged hosts file had to be set aside. */
  reportSetAside?: SetAsideReporter;
}

interface RunRecord {
  summary: RunSummary;
  run: CommandRun;
  done: Promise<void>;
}

/** Finished runs kept in memory for the view (their output is capped, so this stays small). */
const KEEP_RUNS = 100;

export interface Diagnostics {
  handlers: PartialHandlerMap;
  /** Resolves when a run has finished and been journaled (tests, shutdown). */
  whenFinished(runId: string): Promise<RunSummary>;
  close(): Promise<void>;
}

export function createDiagnostics(deps: DiagnosticsDeps): Diagnostics {
  const catalog = deps.catalog ?? bundledCatalog();
  const hosts = new HostStore(deps.dataDir, deps.reportSetAside, deps.clock);
  const runs = new Map<string, RunRecord>();

  function preview(commandId: string, hostName: string, params: Record<string, string>): CommandPlan {
    return planCommand(findCommand(catalog, commandId), hosts.get(hostName), params, deps.clock.now());
  }

  function publish(record: RunRecord): void {
    deps.events.emit('diagnostics.run', record.summary);
  }

  function journal(record: RunRecord, plan: CommandPlan, outcome: RunOutcome): void {
    const summary = record.summary;
    if (!summary.incidentId) return;
    if (!deps.journal) {
      summary.journalError = 'The journal is not available: this run was not recorded';
      return;
    }
    const output = record.run.output;
    const runSteps = plan.steps.flatMap((step) => (step.kind === 'run' ? [step.argv] : []));
    try {
      const entry = deps.journal.append(summary.incidentId, {
        kind: 'command_run',
        text: `${plan.command.title} on ${summary.hostLabel}: ${outcomeText(summary, outcome)}`,
        data: {
          runId: summary.runId,
          commandId: summary.commandId,
          host: summary.hostLabel,
          argv: runSteps[0] ?? [],
          exitCode: outcome.exitCode,
          signal: outcome.signal,
          outcome: outcome.status,
          durationMs: summary.durationMs ?? 0,
          output: output.text(),
          outputBytes: output.totalBytes,
          outputTruncated: output.truncated,
          ...(plan.steps.length > 1 ? { steps: plan.displaySteps } : {}),
          effect: plan.command.effect,
        },
      });
      summary.journalEntryId = entry.id;
    } catch (error) {
      summary.journalError = error instanceof Error ? error.message : String(error);
      deps.events.emit('app.notice', {
        level: 'error',
        message: `The run of ${plan.command.title} on ${summary.hostName} could not be journaled: ${summary.journalError}`,
        at: deps.clock.now().toISOString(),
      });
    }
  }

  function forget(): void {
    const finished = [...runs.values()].filter((record) => record.summary.status !== 'running');
    for (const record of finished.slice(0, Math.max(0, finished.length - KEEP_RUNS))) runs.delete(record.summary.runId);
  }

  function start(input: {
    commandId: string;
    hostName: string;
    params: Record<string, string>;
    incidentId?: string;
    timeoutSeconds?: number;
    confirmed?: { host: string; effect: 'read' | 'change' };
  }): RunSummary {
    const plan = preview(input.commandId, input.hostName, input.params);
    if (plan.command.effect === 'change') {
      const { confirmed } = input;
      if (!confirmed || confirmed.host !== plan.host.name || confirmed.effect !== 'change') {
        throw new ConsoleError(
          'CONFIRMATION_REQUIRED',
          `${plan.command.title} changes ${plan.host.name}: ${plan.command.changeDescription ?? ''} Confirm it for this host first.`,
        );
      }
    }
    if (input.incidentId && deps.journal) deps.journal.getIncident(input.incidentId);

    const runId = randomUUID();
    const startedAt = deps.clock.now();
    const startedMs = Date.now();
    const timeoutSeconds = input.timeoutSeconds ?? plan.command.timeoutSeconds;
    let seq = 0;
    const summary: RunSummary = {
      runId,
      commandId: plan.command.id,
      title: plan.command.title,
      hostName: plan.host.name,
      hostLabel: describeHost(plan.host),
      argv: plan.displaySteps[0] ?? [],
      steps: plan.displaySteps,
      effect: plan.command.effect,
      status: 'running',
      startedAt: startedAt.toISOString(),
      endedAt: null,
      durationMs: null,
      exitCode: null,
      signal: null,
      timeoutSeconds,
      step: 1,
      stepCount: plan.steps.length,
      outputBytes: 0,
      incidentId: input.incidentId ?? null,
      journalEntryId: null,
      journalError: null,
      errorMessage: null,
      params: plan.params,
    };
    const run = new CommandRun({
      plan,
      clock: deps.clock,
      timeoutMs: timeoutSeconds * 1000,
      env: deps.env,
      onLive: (batch) => {
        summary.outputBytes = run.output.totalBytes;
        deps.events.emit('diagnostics.output', { runId, seq: seq++, text: batch.text, skippedBytes: batch.skippedBytes, totalBytes: run.output.totalBytes });
      },
      onStep: (step) => {
        summary.step = step;
        if (step > 1) publish(record);
      },
    });
    const record: RunRecord = { summary, run, done: Promise.resolve() };
    record.done = run.execute().then((outcome) => {
      summary.status = outcome.status;
      summary.exitCode = outcome.exitCode;
      summary.signal = outcome.signal;
      summary.errorMessage = outcome.errorMessage;
      summary.endedAt = deps.clock.now().toISOString();
      summary.durationMs = Math.max(0, Date.now() - startedMs);
      summary.outputBytes = run.output.totalBytes;
      journal(record, plan, outcome);
      publish(record);
      forget();
    });
    runs.set(runId, record);
    publish(record);
    return summary;
  }

  function record(runId: string): RunRecord {
    const found = runs.get(runId);
    if (!found) throw new ConsoleError('RUN_NOT_FOUND', `No run ${runId} in this session`);
    return found;
  }

  const handlers: PartialHandlerMap = {
    'diagnostics.catalog': () => ({ commands: catalog.commands }),
    'diagnostics.listHosts': () => ({ hosts: hosts.list() }),
    'diagnostics.saveHost': ({ host, previousName }) => ({ hosts: hosts.save(host, previousName) }),
    'diagnostics.removeHost': ({ name }) => ({ hosts: hosts.remove(name) }),
    'diagnostics.preview': ({ commandId, hostName, params }): PreviewAnswer => {
      const plan = preview(commandId, hostName, params);
      return {
        commandId,
        hostName,
        steps: plan.displaySteps,
        transport: plan.transport,
        params: plan.params,
        effect: plan.command.effect,
        changeDescription: plan.command.changeDescription ?? null,
        timeoutSeconds: plan.command.timeoutSeconds,
      };
    },
    'diagnostics.run': (input) => ({ ...start(input) }),
    'diagnostics.cancel': ({ runId }) => {
      const found = record(runId);
      found.run.stop('cancelled');
      return { ...found.summary };
    },
    'diagnostics.listRuns': () => ({ runs: [...runs.values()].map((entry) => ({ ...entry.summary })).reverse() }),
    'diagnostics.getRun': ({ runId }): RunDetail => {
      const found = record(runId);
      return { run: { ...found.summary }, output: found.run.output.text(), outputTruncated: found.run.output.truncated };
    },
  };

  return {
    handlers,
    async whenFinished(runId) {
      const found = record(runId);
      await found.done;
      return { ...found.summary };
    },
    async close() {
      for (const entry of runs.values()) entry.run.stop('cancelled');
      await Promise.all([...runs.values()].map((entry) => entry.done));
    },
  };
}

function outcomeText(summary: RunSummary, outcome: RunOutcome): string {
  const duration = `${((summary.durationMs ?? 0) / 1000).toFixed(1)} s`;
  switch (outcome.status) {
    case 'succeeded':
      return `succeeded in ${duration}`;
    case 'failed':
      return `failed (${outcome.errorMessage ?? 'non-zero exit'}) after ${duration}`;
    case 'timed_out':
      return `timed out after ${duration}`;
    case 'cancelled':
      return `cancelled after ${duration}`;
    case 'could_not_start':
      return `could not start: ${outcome.errorMessage ?? ''}`;
  }
}
