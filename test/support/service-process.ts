import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * A test service process (sshd, redis-server, postgres) that is stopped when the test ends, and
 * also if the test process itself exits, so no server outlives the run.
 */
export interface ServiceProcess {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

const alive = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

export function startService(file: string, args: string[], options: SpawnOptions = {}, stopSignal: NodeJS.Signals = 'SIGTERM'): ServiceProcess {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  alive.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => alive.delete(child));
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(stopSignal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
