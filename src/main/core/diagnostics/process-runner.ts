import { spawn, type ChildProcess } from 'node:child_process';
import { ConsoleError, errorMessage } from '../../../shared/errors';

export interface ProcessResult {
  exitCode: number | null;
  signal: string | null;
  /** Set when the program could not be started at all (not installed, not executable). */
  spawnError: string | null;
}

export interface RunningProcess {
  done: Promise<ProcessResult>;
  /** SIGTERM to the whole group, SIGKILL after `graceMs` if it is still there. */
  stop(graceMs?: number): void;
}

export interface ProcessOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  onOutput: (chunk: Buffer, stream: 'stdout' | 'stderr') => void;
  /** Keep stdin open (never written): ssh's remote watchdog stops the command when it closes. */
  holdStdin?: boolean;
}

/**
 * Runs one argv without any shell, in its own process group so a timeout or a cancel stops the
 * command and everything it started (ssh, a pager, a child of a script).
 */
export function startProcess(argv: readonly string[], options: ProcessOptions): RunningProcess {
  const [file, ...args] = argv;
  if (!file) throw new ConsoleError('COMMAND_NOT_STARTED', 'The command has no program to run (its argv is empty).');
  let child: ChildProcess;
  try {
    child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      shell: false,
      detached: true,
      stdio: [options.holdStdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
  } catch (error) {
    // Refused before a process existed (an argument Node will not pass, no resources for one).
    throw new ConsoleError('COMMAND_NOT_STARTED', `${file} could not be started: ${errorMessage(error)}`);
  }
  let exited = false;
  let killTimer: NodeJS.Timeout | undefined;

  const done = new Promise<ProcessResult>((resolve) => {
    let spawnError: string | null = null;
    // One chunk per turn of the event loop: libuv would otherwise read many chunks in one poll
    // phase and a flooding command could stall every other call and timer. The pipe pushes back.
    for (const [stream, name] of [
      [child.stdout, 'stdout'],
      [child.stderr, 'stderr'],
    ] as const) {
      stream?.on('data', (chunk: Buffer) => {
        options.onOutput(chunk, name);
        stream.pause();
        setImmediate(() => stream.resume());
      });
    }
    child.stdin?.on('error', () => undefined);
    child.once('error', (error: NodeJS.ErrnoException) => {
      spawnError = error.code === 'ENOENT' ? `${file}: command not found` : error.message;
      if (child.pid === undefined) {
        exited = true;
        resolve({ exitCode: null, signal: null, spawnError });
      }
    });
    // 'close' waits for the pipes to drain, so no output is lost after exit.
    child.once('close', (code, signal) => {
      exited = true;
      if (killTimer) clearTimeout(killTimer);
      resolve({ exitCode: code, signal: signal ?? null, spawnError });
    });
  });

  const signalGroup = (signal: NodeJS.Signals) => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      try {
        child.kill(signal);
      } catch {
        // Already gone.
      }
    }
  };

  return {
    done,
    stop(graceMs = 2000) {
      signalGroup('SIGTERM');
      killTimer ??= setTimeout(() => signalGroup('SIGKILL'), graceMs);
      killTimer.unref?.();
    },
  };
}
