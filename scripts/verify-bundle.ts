// `npm run verify -- <timeline-bundle.json>`: re-walks an exported bundle's hash chain with the
// journal's own chain code. Exit 0 when it verifies; 1 naming the first broken entry; 2 on usage.
import { readFileSync } from 'node:fs';
import { verifyBundle } from '../src/main/core/reports/bundle-verification';

const path = process.argv[2];
if (!path) {
  console.error('usage: npm run verify -- <timeline-bundle.json>');
  process.exit(2);
}
let raw: unknown;
try {
  raw = JSON.parse(readFileSync(path, 'utf8'));
} catch (error) {
  console.error(`Cannot read ${path} as JSON: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const result = verifyBundle(raw);
if (result.ok) {
  console.log(`OK: ${result.checked} entries verify; chain head ${result.head}`);
} else if (result.broken) {
  const { index, seq, entryId, reason } = result.broken;
  console.error(`BROKEN at entry #${String(seq)} (position ${index + 1}, id ${String(entryId)}): ${reason}`);
  console.error(`${result.checked} entries before it verify.`);
  process.exit(1);
} else {
  console.error(`BROKEN: ${result.error ?? 'unknown reason'}`);
  process.exit(1);
}
