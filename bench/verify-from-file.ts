/**
 * A bundle verified as its reader verifies it: written to a file the way the post-mortem export
 * writes it, then `npm run verify` on that file in a process of its own, timed from start to exit,
 * and the same file parsed as one text (verify-whole-file.ts) in the same way, alternating.
 * That is reading and decoding the file, parsing it, and verifying it, as the verification alone
 * (above it in the bench) is not. The command is package.json's own `verify` script, so the figure
 * follows whatever that script runs.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeBundleInTurns, type TimelineBundle } from '../src/main/core/reports/timeline-bundle';

const ROOT = join(import.meta.dirname, '..');

/** package.json's `verify` script as a program and its arguments (`node --import tsx scripts/verify-bundle.ts`). */
function verifyCommand(): [string, string[]] {
  const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { verify: string } }).scripts.verify;
  const [program, ...args] = script.split(/\s+/);
  return [program === 'node' ? process.execPath : program!, args];
}

function timedRun(program: string, args: string[]): Promise<{ ms: number; code: number | null; firstLine: string }> {
  const started = performance.now();
  const child = spawn(program, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ ms: performance.now() - started, code, firstLine: output.split('\n', 1)[0]!.slice(0, 60) }));
  });
}

export async function verifyFromFile(bundle: TimelineBundle, runs: number, loadAverage: () => string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'incident-console-bench-bundle-'));
  try {
    const path = join(dir, 'timeline-bundle.json');
    const fd = openSync(path, 'w', 0o600);
    let bytes = 0;
    try {
      for (const part of await serializeBundleInTurns(bundle)) bytes += writeSync(fd, part);
    } finally {
      closeSync(fd);
    }
    const [program, args] = verifyCommand();
    const lines = [
      `  npm run verify on that bundle as a file (${(bytes / 1e6).toFixed(0)} MB), start to exit, reading and parsing included, alternating with the file parsed as one text (verify-whole-file.ts, as npm run verify read every bundle before):`,
    ];
    for (let run = 1; run <= runs; run += 1) {
      const result = await timedRun(program, [...args, path]);
      const whole = await timedRun(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/verify-whole-file.ts'), path]);
      lines.push(
        `    run ${run}: exit ${result.code} in ${(result.ms / 1000).toFixed(2)} s ("${result.firstLine}…"); as one text exit ${whole.code} in ${(whole.ms / 1000).toFixed(2)} s: ${(whole.ms / result.ms).toFixed(2)}x (load average ${loadAverage()})`,
      );
    }
    return lines;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
