/**
 * What a signed checkpoint costs beside a durable append: figures only, no assertions (shared,
 * noisy machines), measured interleaved in one run so the ratio holds. `npm run bench:checkpoint`
 *
 * The key is a real Ed25519 key in the OS keychain (run it where one is unlocked); the keychain is
 * read once, at start, not per checkpoint. Env: BENCH_CHECKPOINTS (default 400).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/main/core/clock';
import { Checkpoints } from '../src/main/core/evidence/checkpoints';
import { DeviceIdentityFile } from '../src/main/core/evidence/device-file';
import { DeviceSigner } from '../src/main/core/evidence/device-signer';
import { Journal } from '../src/main/core/journal/journal';
import { KeytarSecretStore } from '../src/main/core/secrets';

const COUNT = Number(process.env.BENCH_CHECKPOINTS ?? 400);
const WARMUP = 20;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (value: number) => `${value.toFixed(3)} ms`;
const load = () => readFileSync('/proc/loadavg', 'utf8').trim();

function timed(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

async function main(): Promise<void> {
  console.log(`Checkpoint benchmark (Node ${process.version}, ${new Date().toISOString()}, load average ${load()})`);
  const dir = mkdtempSync(join(tmpdir(), 'incident-console-bench-checkpoint-'));
  try {
    const file = new DeviceIdentityFile(dir, systemClock);
    const journal = new Journal({ path: join(dir, 'journal.sqlite'), clock: systemClock, author: 'bench', device: file.deviceId });
    const signer = new DeviceSigner(file, new KeytarSecretStore(), systemClock);
    const state = await signer.ready;
    if (!state.signed) throw new Error(state.reason);
    const checkpoints = new Checkpoints(journal, signer);
    const incident = journal.createIncident({ title: 'bench', detectedBy: 'bench' });

    const appends: number[] = [];
    const made: number[] = [];
    for (let i = 0; i < COUNT + WARMUP; i += 1) {
      const appendMs = timed(() => journal.append(incident.id, { kind: 'note', text: `Note ${i}: error rate falling`, data: {} }));
      const checkpointMs = timed(() => checkpoints.make(incident.id, 'interval'));
      if (i >= WARMUP) {
        appends.push(appendMs);
        made.push(checkpointMs);
      }
    }
    const line = (label: string, samples: number[]) =>
      console.log(`  ${label.padEnd(40)} p50 ${ms(percentile(samples, 50)).padStart(10)}  p99 ${ms(percentile(samples, 99)).padStart(10)}`);
    console.log(`\n${COUNT} each, interleaved, on one incident (WAL, synchronous=FULL)`);
    line('journal.append (note)', appends);
    line('checkpoint (statement, Ed25519, append)', made);
    console.log(
      `  ratio checkpoint/append: p50 ${(percentile(made, 50) / percentile(appends, 50)).toFixed(2)}x, p99 ${(percentile(made, 99) / percentile(appends, 99)).toFixed(2)}x`,
    );
    const signOnly: number[] = [];
    const bytes = new TextEncoder().encode(JSON.stringify({ type: 'incident-console/checkpoint', headHash: 'a'.repeat(64) }));
    for (let i = 0; i < COUNT; i += 1) signOnly.push(timed(() => signer.sign(state.key, bytes)));
    line('Ed25519 signature alone', signOnly);
    journal.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nload average at the end: ${load()}`);
}

await main();
