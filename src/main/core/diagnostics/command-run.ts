import { existsSync } from 'node:fs';
import type { RunStatus } from '../../../shared/diagnostics-schemas';
import { errorMessage } from '../../../shared/errors';
import type { Clock } from '../clock';
import type { CommandPlan } from './command-plan';
import { startProcess, type RunningProcess } from './process-runner';
import { RunOutput } from './run-output';
import type { LiveBatch } from './live-output-batcher';

export interface RunOutcome {
  status: Exclude<RunStatus, 'running' | 'queued'>;
  exitCode: number | null;
  signal: string | null;
  errorMessage: string | null;
}

export interface CommandRunOptions {
  plan: CommandPlan;
  clock: Clock;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  onLive: (batch: LiveBatch) => void;
  onStep: (step: number) => void;
}

/**
 * One execution of a plan: its steps in order (a failing step stops the sequence), one timeout
 * for the whole run, cancel at any moment (also during a wait), output through RunOutput.
 */
export class CommandRun {
  readonly output: RunOutput;
  private process: RunningProcess | undefined;
  private stopReason: 'timed_out' | 'cancelled' | undefined;
  private wakeWait: (() => void) | undefined;
  private timeoutTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: CommandRunOptions) {
    this.output = new RunOutput(options.onLive);
  }

  async execute(): Promise<RunOutcome> {
    const { plan } = this.options;
    this.timeoutTimer = setTimeout(() => this.stop('timed_out'), this.options.timeoutMs);
    let last: RunOutcome = { status: 'succeeded', exitCode: 0, signal: null, errorMessage: null };
    try {
      for (const [index, step] of plan.steps.entries()) {
        if (this.stopReason) break;
        this.options.onStep(index + 1);
        if (plan.steps.length > 1) {
          const header = step.kind === 'run' ? `$ ${step.argv.join(' ')}` : `(waiting ${step.seconds} s)`;
          this.output.note(`${index > 0 ? '\n' : ''}── step ${index + 1}/${plan.steps.length}: ${header}\n`);
        }
        if (step.kind === 'wait') {
          await this.wait(step.seconds * 1000);
          continue;
        }
        if (step.cwd && !existsSync(step.cwd)) {
          return { status: 'could_not_start', exitCode: null, signal: null, errorMessage: `${step.cwd} does not exist on this machine` };
        }
        let started: RunningProcess;
        try {
          started = startProcess(step.spawnArgv, {
            cwd: step.cwd,
            env: this.options.env,
            holdStdin: step.viaSsh,
            onOutput: (chunk, stream) => this.output.write(chunk, stream),
          });
        } catch (error) {
          return { status: 'could_not_start', exitCode: null, signal: null, errorMessage: errorMessage(error) };
        }
        this.process = started;
        const result = await started.done;
        this.process = undefined;
        if (result.spawnError && result.exitCode === null && result.signal === null) {
          return { status: 'could_not_start', exitCode: null, signal: null, errorMessage: result.spawnError };
        }
        last = {
          status: result.exitCode === 0 ? 'succeeded' : 'failed',
          exitCode: result.exitCode,
          signal: result.signal,
          errorMessage: result.exitCode === 0 ? null : describeFailure(plan, result.exitCode, result.signal),
        };
        if (last.status === 'failed') break;
      }
    } finally {
      clearTimeout(this.timeoutTimer);
      this.output.finish();
    }
    if (this.stopReason === 'timed_out') {
      return { ...last, status: 'timed_out', errorMessage: `Stopped after the ${Math.round(this.options.timeoutMs / 1000)} s timeout` };
    }
    if (this.stopReason === 'cancelled') return { ...last, status: 'cancelled', errorMessage: 'Cancelled by the operator' };
    return last;
  }

  stop(reason: 'timed_out' | 'cancelled'): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.process?.stop();
    this.wakeWait?.();
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeWait = done;
    });
  }
}

function describeFailure(plan: CommandPlan, exitCode: number | null, signal: string | null): string {
  // ssh uses 255 for its own failures (host unreachable, key refused), not the command's.
  if (plan.host.target.kind === 'ssh' && exitCode === 255) return 'ssh could not reach or log in to the host (exit 255)';
  if (signal) return `Ended by ${signal}`;
  return `Exited with ${exitCode}`;
}
