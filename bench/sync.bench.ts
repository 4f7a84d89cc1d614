/**
 * Team sync through PostgreSQL: three consoles, each with its own journal and its own link, write
 * BENCH_SYNC_ENTRIES (10,000) entries each while the team database is out of reach, then the links
 * come back. Prints the time until all three hold the same entries (every chain verified by the
 * import on the way in), the pull rate, and the load average. Figures only. `npm run bench:sync`
 */
import { readFileSync } from 'node:fs';
import { entrySet } from '../test/chains/two-devices';
import { startPostgres } from '../test/support/postgres-server';
import { startSyncClient, type SyncClient } from '../test/support/sync-client';

const ENTRIES = Number(process.env.BENCH_SYNC_ENTRIES ?? 10_000);
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').trim();
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const totalHeld = (console: SyncClient, incidentId: string) => console.journal.chainHeads(incidentId).reduce((sum, head) => sum + head.length, 0);

async function main(): Promise<void> {
  const pg = await startPostgres();
  pg.psql('CREATE DATABASE bench_sync');
  const consoles = await Promise.all([0, 1, 2].map(() => startSyncClient({ pgPort: pg.port, database: 'bench_sync' })));
  const [commander, ...responders] = consoles as [SyncClient, SyncClient, SyncClient];
  try {
    const incident = commander.journal.createIncident({ title: 'Bench: region failover', detectedBy: 'bench' });
    for (const responder of responders) responder.join(incident, commander);
    for (const console of consoles) await console.until('settled before the cut', (status) => status.connection === 'online' && status.waiting === 0);

    for (const console of consoles) {
      console.proxy.refuse(true);
      console.proxy.cut();
    }
    const writeStarted = performance.now();
    for (const [index, console] of consoles.entries()) {
      for (let start = 0; start < ENTRIES; start += 1_000) {
        const batch = Array.from({ length: Math.min(1_000, ENTRIES - start) }, (_, n) => ({
          kind: 'note' as const,
          text: `console ${index} note ${start + n}: ${'observed '.repeat((start + n) % 12)}`,
          data: {},
        }));
        console.journal.appendBatch(incident.id, batch);
      }
      console.checkpoint(incident.id);
    }
    // Each console's own chain (listed first): together, every entry there is.
    const everyone = consoles.reduce((sum, console) => sum + (console.journal.chainHeads(incident.id)[0]?.length ?? 0), 0);
    console.log(`wrote ${ENTRIES} entries on each of 3 consoles offline in ${seconds(performance.now() - writeStarted)} (load ${loadAverage()})`);
    for (const console of consoles) {
      await console.until('offline and waiting', (status) => status.connection === 'offline' || status.connection === 'connecting', 20_000);
    }

    const reconnected = performance.now();
    for (const console of consoles) {
      console.proxy.refuse(false);
      console.sync.wake();
    }
    const convergedAt = await new Promise<number>((resolve) => {
      const poll = () => {
        if (consoles.every((console) => totalHeld(console, incident.id) === everyone)) resolve(performance.now());
        else setTimeout(poll, 20);
      };
      poll();
    });
    const convergeMs = convergedAt - reconnected;
    // What each console had not seen: the other two consoles' offline entries (and their checkpoints).
    const pulledPerConsole = 2 * (ENTRIES + 1);
    console.log(
      `converged ${consoles.length} consoles to ${everyone} entries each in ${seconds(convergeMs)} after reconnecting (target ≤ 10 s) (load ${loadAverage()})`,
    );
    console.log(
      `pull rate: ${Math.round(pulledPerConsole / (convergeMs / 1000))} entries/s per console (${pulledPerConsole} new entries each), ${Math.round((3 * pulledPerConsole) / (convergeMs / 1000))} entries/s over the three`,
    );

    const checkStarted = performance.now();
    const sets = consoles.map((console) => entrySet(console.journal, incident.id).join('\n'));
    const identical = sets.every((set) => set === sets[0]);
    const verified = consoles.map((console) => console.journal.verify(incident.id));
    console.log(
      `identical entry sets: ${identical}; every chain verified on every console: ${verified.every((result) => result.ok)} (${verified.map((result) => result.chains?.length ?? 1).join('/')} chains) — checked in ${seconds(performance.now() - checkStarted)} (load ${loadAverage()})`,
    );
    const rows = pg.psql('SELECT count(*) FROM sync_entries', 'bench_sync');
    console.log(`team database rows: ${rows} (expected ${everyone}: no duplicates)`);
  } finally {
    for (const console of consoles) {
      await console.stop();
      await console.proxy.close();
    }
    await pg.stop();
  }
}

await main();
