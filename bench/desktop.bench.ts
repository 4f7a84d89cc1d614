// Figures for the desktop shell (run: npx tsx bench/desktop.bench.ts after `npx electron-vite build`).
// Ratios within one run, since these machines are shared: the app:// handler's checks (lexical
// resolution, realpath, stat) against a bare readFile of the same files; tray icon drawing.
import { readFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveAppRequest } from '../src/main/app-protocol';
import { trayIconPng } from '../src/main/tray-icon';

const root = join(import.meta.dirname, '../out/renderer');
const assets = ['index.html', ...readdirSync(join(root, 'assets')).map((name) => `assets/${name}`)];
const rounds = 400;

async function time(label: string, run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await run(); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) await run();
  const perCall = Number(process.hrtime.bigint() - start) / 1e6 / rounds;
  console.log(`${label.padEnd(44)} ${perCall.toFixed(3)} ms per round`);
  return perCall;
}

const viaProtocol = await time(`app:// handler, ${assets.length} files`, () =>
  Promise.all(
    assets.map((asset) => serveAppRequest({ url: `app://incident-console/${asset}`, method: 'GET' }, root).then((response) => response.arrayBuffer())),
  ),
);
const bare = await time(`bare readFile, same ${assets.length} files`, () => Promise.all(assets.map((asset) => readFile(join(root, asset)))));
const refused = await time('app:// traversal attempt refused', () =>
  serveAppRequest({ url: 'app://incident-console/..%2f..%2fetc/passwd', method: 'GET' }, root),
);
console.log(
  `app:// overhead over bare reads: ${(viaProtocol / bare).toFixed(2)}x; a refusal costs ${((refused / viaProtocol) * 100).toFixed(1)}% of a full page load`,
);

const icons = await time('tray icon 32x32 (draw + PNG encode)', async () => trayIconPng('#ff4d4f', true, 32));
console.log(`tray icons per second: ${Math.round(1000 / icons)}`);
