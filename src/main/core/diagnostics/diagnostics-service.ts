import { randomUUID } from 'node:crypto';
import type { CommandCatalog } from '../../../shared/command-catalog';
import type { PreviewAnswer, RunDetail, RunSummary } from '../../../shared/diagnostics-schemas';
import { ConsoleError, errorMessage } from '../../../shared/errors';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { SetAsideReporter } from '../files/set-aside-log';
import type { Handlers, MethodsIn } from '../handlers';
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
  plan: CommandPlan;
  done: Promise<void>;
  /** Resolves `done`; called once the run has ended (or was cancelled before it started). */
  finished: () => void;
}

/** Finished runs kept in memory for the view (their output is capped, so this stays small). */
const KEEP_RUNS = 100;
/** At most this many commands run at once on one host; the others wait their turn, visibly. */
export const MAX_RUNNING_PER_HOST = 3;
/** Runs waiting, over all hosts: beyond this a new run is refused rather than queued for ever. */
export const MAX_QUEUED = 20;
/** An operator may stretch a command's timeout up to this (or to the catalog's own, when longer). */
export const MAX_TIMEOUT_SECONDS = 600;

export interface Diagnostics {
  handlers: Handlers<MethodsIn<'diagnostics'>>;
  /** Resolves when a run has finished and been journaled (tests, shutdown). */
  whenFinished(runId: string): Promise<RunSummary>;
  close(): Promise<void>;
}

export function createDiagnostics(deps: DiagnosticsDeps): Diagnostics {
  const catalog = deps.catalog ?? bundledCatalog();
  const hosts = new HostStore(deps.dataDir, deps.reportSetAside, deps.clock);
  const runs = new Map<string, RunRecord>();
  /** Per host, in the order they were asked for. */
  const queues = new Map<string, RunRecord[]>();
  const runningOn = (host: string) => [...runs.values()].filter((record) => record.summary.hostName === host && record.summary.status === 'running').length;
  let closing = false;
  const queuedCount = () => [...queues.values()].reduce((sum, queue) => sum + queue.length, 0);

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
      summary.journalError = errorMessage(error);
      deps.events.emit('app.notice', {
        level: 'error',
        message: `The run of ${plan.command.title} on ${summary.hostName} could not be journaled: ${summary.journalError}`,
        at: deps.clock.now().toISOString(),
      });
    }
  }

  function forget(): void {
    const finished = [...runs.values()].filter((record) => record.summary.status !== 'running' && record.summary.status !== 'queued');
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
    const longest = Math.max(MAX_TIMEOUT_SECONDS, plan.command.timeoutSeconds);
    const timeoutSeconds = input.timeoutSeconds ?? plan.command.timeoutSeconds;
    if (timeoutSeconds > longest) {
      throw new ConsoleError(
        'DIAGNOSTICS_TIMEOUT_TOO_LONG',
        `A timeout of ${timeoutSeconds} s is longer than ${plan.command.title} may run: at most ${longest} s.`,
        [{ path: 'timeoutSeconds', message: `At most ${longest} s` }],
      );
    }
    const running = runningOn(plan.host.name);
    if (running >= MAX_RUNNING_PER_HOST && queuedCount() >= MAX_QUEUED) {
      throw new ConsoleError(
        'DIAGNOSTICS_BUSY',
        `${running} commands are running on ${plan.host.name} and ${queuedCount()} are waiting: cancel some, or wait for them, before starting more.`,
      );
    }
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
      status: 'queued',
      startedAt: deps.clock.now().toISOString(),
      queuePosition: null,
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
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const record: RunRecord = { summary, run, plan, done, finished };
    runs.set(runId, record);
    if (running < MAX_RUNNING_PER_HOST) launch(record);
    else {
      const queue = queues.get(plan.host.name) ?? [];
      queue.push(record);
      queues.set(plan.host.name, queue);
      summary.queuePosition = queue.length;
      publish(record);
    }
    return summary;
  }

  function launch(record: RunRecord): void {
    const { summary, run, plan } = record;
    const startedAt = deps.clock.now();
    summary.status = 'running';
    summary.queuePosition = null;
    summary.startedAt = startedAt.toISOString();
    void run.execute().then((outcome) => {
      summary.status = outcome.status;
      summary.exitCode = outcome.exitCode;
      summary.signal = outcome.signal;
      summary.errorMessage = outcome.errorMessage;
      const endedAt = deps.clock.now();
      summary.endedAt = endedAt.toISOString();
      // On the same clock as the two times shown beside it, so the three agree.
      summary.durationMs = Math.max(0, endedAt.getTime() - startedAt.getTime());
      summary.outputBytes = run.output.totalBytes;
      journal(record, plan, outcome);
      publish(record);
      record.finished();
      startNext(summary.hostName);
      forget();
    });
    publish(record);
  }

  /** A slot freed on a host: its next queued run starts, and those behind it move up. */
  function startNext(host: string): void {
    if (closing) return;
    const queue = queues.get(host) ?? [];
    while (queue.length > 0 && runningOn(host) < MAX_RUNNING_PER_HOST) launch(queue.shift()!);
    for (const [index, waiting] of queue.entries()) {
      if (waiting.summary.queuePosition === index + 1) continue;
      waiting.summary.queuePosition = index + 1;
      publish(waiting);
    }
  }

  /** A queued run that is cancelled never started: nothing ran on the host, so nothing is journaled. */
  function cancelQueued(record: RunRecord): void {
    const queue = queues.get(record.summary.hostName) ?? [];
    queue.splice(queue.indexOf(record), 1);
    record.summary.status = 'cancelled';
    record.summary.queuePosition = null;
    record.summary.endedAt = deps.clock.now().toISOString();
    record.summary.durationMs = 0;
    record.summary.errorMessage = 'Cancelled while waiting for its turn; it never ran.';
    publish(record);
    record.finished();
    startNext(record.summary.hostName);
  }

  function record(runId: string): RunRecord {
    const found = runs.get(runId);
    if (!found) throw new ConsoleError('RUN_NOT_FOUND', `No run ${runId} in this session`);
    return found;
  }

  const handlers: Diagnostics['handlers'] = {
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
      if (found.summary.status === 'queued') cancelQueued(found);
      else found.run.stop('cancelled');
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
      closing = true;
      for (const entry of runs.values()) {
        if (entry.summary.status === 'queued') cancelQueued(entry);
        else entry.run.stop('cancelled');
      }
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
