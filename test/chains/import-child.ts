// Child process for the SIGKILL test: imports an offer (a JSON file of exportChains' answer) into a
// journal, saying "ready" just before and "done" once the import has returned, unless killed first.
import { readFileSync, writeSync } from 'node:fs';
import { systemClock } from '../../src/main/core/clock';
import { Journal, type ChainExport } from '../../src/main/core/journal/journal';

const [path, offerPath, incidentId, device] = process.argv.slice(2);
if (!path || !offerPath || !incidentId || !device) throw new Error('usage: import-child <journal> <offer.json> <incident id> <device>');
const offer = JSON.parse(readFileSync(offerPath, 'utf8')) as ChainExport;
const journal = new Journal({ path, clock: systemClock, author: 'importer', device });
writeSync(1, 'ready\n');
const result = journal.importChains(incidentId, offer);
writeSync(1, `done ${result.added}\n`);
journal.close();
