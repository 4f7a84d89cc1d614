// Child process for the SIGKILL test: a console on an existing data dir that syncs while it
// appends notes, acknowledging each on stdout only after append() returned, and saying when a
// push is in flight (sent, not answered), until it is killed.
import { writeSync } from 'node:fs';
import { startSyncClient } from '../support/sync-client';

const [dir, device, port, database, incidentId] = process.argv.slice(2);
if (!dir || !device || !port || !database || !incidentId) throw new Error('usage: sync-client-child <dir> <device> <port> <database> <incident id>');
// Its own proxy to the parent's: the parent's is the one that holds answers.
const client = await startSyncClient({ pgPort: Number(port), database, dir, device });
let pushing = false;
for (let i = 0; ; i += 1) {
  const entry = client.journal.append(incidentId, { kind: 'note', text: `from the killed console ${i}`, data: {} });
  // writeSync: the acknowledgement must not sit in a stream buffer when SIGKILL lands.
  writeSync(1, `ack ${entry.id}\n`);
  if (!pushing && client.sync.current().pushOutcomeUnknown) {
    pushing = true;
    writeSync(1, 'pushing\n');
  }
  await new Promise((resolve) => setTimeout(resolve, 5));
}
