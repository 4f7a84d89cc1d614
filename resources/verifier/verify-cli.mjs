// ── the command line: node verify-bundle.mjs [timeline-bundle.json] [--witness IC-…]… [--key FINGERPRINT]… ──

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const USAGE = `usage: node verify-bundle.mjs [timeline-bundle.json] [--witness IC-7f3a9c21]... [--key "7f3a 9c21 b04e 11d2"]...
  With no file, the timeline-bundle.json beside this script is verified.
  --witness  a checkpoint fingerprint someone saw in an update: it must be a checkpoint of this history
  --key      a device key fingerprint you trust (from the console's Overview): it must have signed here
Exit 0: verified (read what is not proven); 1: a check failed (the first failure is named); 2: usage.`;

/** Bundles are a few MB even for 10,000 entries; a larger file is not one. */
const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;

async function main(argv) {
  const options = { witnesses: [], expectedKeys: [] };
  let path;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--witness' || arg === '--key') {
      const value = argv[(i += 1)];
      if (value === undefined) return usage(`${arg} needs a value`);
      (arg === '--witness' ? options.witnesses : options.expectedKeys).push(value);
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      return 0;
    } else if (arg.startsWith('--') || path !== undefined) {
      return usage(`unexpected argument ${arg}`);
    } else {
      path = arg;
    }
  }
  path ??= join(dirname(fileURLToPath(import.meta.url)), 'timeline-bundle.json');
  let text;
  try {
    const bytes = readFileSync(path);
    if (bytes.length > MAX_BUNDLE_BYTES) throw new Error(`larger than ${MAX_BUNDLE_BYTES / 1024 / 1024} MB`);
    text = new TextDecoder().decode(bytes);
  } catch (error) {
    console.error(`Cannot read ${path}: ${error.message}`);
    return 1;
  }
  const report = await verifyBundleText(text, options);
  const lines = reportLines(report);
  (report.verdict === 'failed' ? console.error : console.log)(lines.join('\n'));
  return report.verdict === 'failed' ? 1 : 0;
}

function usage(problem) {
  console.error(`${problem}\n${USAGE}`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
