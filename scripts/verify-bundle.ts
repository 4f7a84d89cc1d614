// `npm run verify -- <timeline-bundle.json | responder-bundle-….json> [--witness IC-…]… [--key FINGERPRINT]…`: verifies an
// exported bundle with the journal's own chain code and the console's evidence code (the
// standalone verify-bundle.mjs in every export folder does the same independently), and prints
// what is proven and what is not. Exit 0 when it verifies; 1 naming the first failure; 2 on usage.
import { constants } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { RESPONDER_BUNDLE_FORMAT } from '../src/shared/chain-exchange-schemas';
import { verifyResponderBundle } from '../src/main/core/chains/responder-bundle-verification';
import { verifyBundleFileInParts } from '../src/main/core/reports/bundle-file-verification';
import { parseBundleBytes, verifyParsedBundleInParallel, type BundleReport, type ParsedBundleText } from '../src/main/core/reports/bundle-verification';
// The sentences, from the one place every verifier takes them.
import { reportLines } from '../resources/verifier/verify-core.mjs';

const usage = 'usage: npm run verify -- <timeline-bundle.json> [--witness IC-7f3a9c21]... [--key "7f3a 9c21 b04e 11d2"]...';
const args = process.argv.slice(2);
const witnesses: string[] = [];
const expectedKeys: string[] = [];
let path: string | undefined;
for (let i = 0; i < args.length; i += 1) {
  const arg = args[i]!;
  if (arg === '--witness' || arg === '--key') {
    const value = args[++i];
    if (value === undefined) {
      console.error(`${arg} needs a value\n${usage}`);
      process.exit(2);
    }
    (arg === '--witness' ? witnesses : expectedKeys).push(value);
  } else if (path === undefined && !arg.startsWith('--')) {
    path = arg;
  } else {
    console.error(`unexpected argument ${arg}\n${usage}`);
    process.exit(2);
  }
}
if (!path) {
  console.error(usage);
  process.exit(2);
}
// A big bundle in the exported layout is verified line by line, in parts at once; any other is parsed whole.
let inParts: BundleReport | undefined;
try {
  inParts = (await verifyBundleFileInParts(path, { witnesses, expectedKeys }))?.report;
} catch (error) {
  console.error(`Cannot verify ${path}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
if (inParts) printAndExit(inParts);
let parsed: ParsedBundleText;
try {
  parsed = parseBundleBytes(readFileSync(path));
} catch (error) {
  console.error(tooLongForOneString(error) ? tooBig(path) : `Cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
// A responder bundle (several devices' chains) is verified chain by chain, as an importing console does first.
if (parsed.parsed && (parsed.value as { format?: unknown } | null)?.format === RESPONDER_BUNDLE_FORMAT) {
  const responder = verifyResponderBundle(parsed.value);
  (responder.ok ? console.log : console.error)(responder.lines.join('\n'));
  process.exit(responder.ok ? 0 : 1);
}
printAndExit(await verifyParsedBundleInParallel(parsed, { witnesses, expectedKeys }));

function printAndExit(report: BundleReport): never {
  const lines = reportLines(report).join('\n');
  if (report.verdict === 'failed') {
    console.error(lines);
    process.exit(1);
  }
  console.log(lines);
  process.exit(0);
}

/**
 * Node.js refuses to make a string longer than buffer.constants.MAX_STRING_LENGTH, and to read a
 * file of 2 GiB or more into one buffer: either way the file is more than one text can hold.
 */
function tooLongForOneString(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_STRING_TOO_LONG' || code === 'ERR_FS_FILE_TOO_LARGE';
}

function tooBig(file: string): string {
  const longest = `more text than Node.js holds in one string (${constants.MAX_STRING_LENGTH.toLocaleString('en-US')} characters)`;
  let size: number | undefined;
  try {
    size = statSync(file).size;
  } catch {
    // Gone or changed since it was read: the reason stands without its size.
  }
  return `${file} ${size === undefined ? 'holds' : `is ${(size / 1e6).toFixed(0)} MB:`} ${longest}, so it cannot be verified in one pass, and it is not a bundle as the console writes one (one entry per line, each of them JSON), which is verified line by line at any size. Nothing was verified.`;
}
