#!/usr/bin/env node
// Developer aid: starts browser mode on a temp data dir, opens it in Debian's Chromium and saves
// a screenshot, so a UI change can be looked at. Usage: node scripts/screenshot.mjs out.png [view-label] [--data-dir DIR]
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const dataDirIndex = process.argv.indexOf('--data-dir');
// The directory after --data-dir is its value, not the file or the view.
const [file = 'screenshot.png', viewLabel] = process.argv.slice(2).filter((arg, index) => !arg.startsWith('--') && index + 2 !== dataDirIndex + 1);
const dataDir = dataDirIndex > 0 ? process.argv[dataDirIndex + 1] : mkdtempSync(join(tmpdir(), 'incident-console-shot-'));
const server = spawn(process.execPath, ['out/main/serve.js', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve) => {
  createInterface({ input: server.stdout }).on('line', (line) => {
    const match = /^Open: (\S+)$/.exec(line);
    if (match) resolve(match[1]);
  });
});
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.goto(url);
if (viewLabel) await page.getByRole('button', { name: new RegExp(`^${viewLabel}`) }).click();
await page.waitForTimeout(800);
await page.screenshot({ path: file });
await browser.close();
server.kill();
console.log(`saved ${file}`);
