// `node --import tsx bench/verify-whole-file.ts FILE`: a bundle file verified as `npm run verify` verified
// every bundle before big ones were read line by line (bundle-file-verification.ts): the whole file read,
// decoded and parsed as one text, then verified with its hashing in worker threads. The bench times it
// beside `npm run verify` (verify-from-file.ts). Prints the verdict; exit 0 unless it failed.
import { readFileSync } from 'node:fs';
import { parseBundleBytes, verifyParsedBundleInParallel } from '../src/main/core/reports/bundle-verification';

const [path] = process.argv.slice(2);
if (!path) throw new Error('usage: node --import tsx bench/verify-whole-file.ts FILE');
const report = await verifyParsedBundleInParallel(parseBundleBytes(readFileSync(path)));
console.log(`${report.verdict}, ${report.chain.verified} entries${report.failure ? `: ${report.failure.reason}` : ''}`);
process.exitCode = report.verdict === 'failed' ? 1 : 0;
