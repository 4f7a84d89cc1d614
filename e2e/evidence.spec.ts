import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import { shortFingerprint } from '../src/shared/evidence-statements';
import { expect, test, type ConsoleApp } from './fixtures/app';
import { sharedLibraryFiles } from './fixtures/shared-libraries';

/**
 * The evidence as the commander and a later reader meet it: the device key on the Overview, the
 * witness fingerprint in the text pasted in the war room, the export naming its checkpoint and
 * key, and the export folder's own verifiers (verify.html from file:// with the network off, and
 * verify-bundle.mjs from a folder far from this repository) agreeing on what is proven.
 */

function seed(app: ConsoleApp): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'test/support/seed-sample-incident.ts', app.dataDir, '--open-sev1'], { encoding: 'utf8' }).trim();
}

async function openView(page: Page, label: string, incidentTitle?: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^${label}`) }).click();
  if (incidentTitle) await page.getByRole('button', { name: new RegExp(incidentTitle) }).click();
}

const TITLE = 'Login failing for all tenants';

/** Posts an internal update and answers the text the console gives to paste, and the witness it quotes. */
async function postUpdate(page: Page, text: string): Promise<{ pasted: string; witness: string }> {
  await openView(page, 'Comms', TITLE);
  await page.getByLabel('Update text, exactly as posted').fill(text);
  await page.getByRole('button', { name: 'Update posted' }).click();
  const posted = page.getByRole('status', { name: 'Posted update' });
  await expect(posted).toBeVisible();
  const witness = (await posted.getByTestId('posted-witness').textContent())!;
  return { pasted: (await posted.getByTestId('posted-text').textContent())!, witness };
}

/** Exports the post-mortem into `folder` and answers what the result says of its checkpoint. */
async function exportTo(page: Page, folder: string): Promise<string> {
  // The incident chosen in Comms stays the current one.
  await openView(page, 'Post-mortem');
  await page.getByLabel('Export folder').fill(folder);
  await page.getByRole('button', { name: 'Export post-mortem' }).click();
  await expect(page.getByRole('list', { name: 'Written files' })).toContainText(join(folder, 'verify.html'));
  return (await page.getByTestId('export-checkpoint').textContent())!;
}

interface PageVerdict {
  verdict: string;
  failure: string | null;
  proven: string[];
  notProven: string[];
  /** Every URL the page asked for (only its own file:// may appear). */
  requests: string[];
}

/**
 * Opens verify.html from file:// in a context that is offline and refuses every request that is
 * not a file, drops the bundle text onto it (a real drop event carrying a File), and reads the verdict.
 */
async function verifyInPage(
  browser: Browser,
  htmlPath: string,
  bundleText: string,
  fields: { witnesses?: string; key?: string; screenshot?: string } = {},
): Promise<PageVerdict> {
  const context = await browser.newContext({ offline: true });
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  await context.route(/^(?!file:)/, (route) => route.abort('internetdisconnected'));
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(htmlPath).href);
    const dataTransfer = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'timeline-bundle.json', { type: 'application/json' }));
      return transfer;
    }, bundleText);
    await page.locator('#drop').dispatchEvent('drop', { dataTransfer });
    await expect(page.locator('#chosen')).toContainText('timeline-bundle.json');
    if (fields.witnesses) await page.getByLabel(/Fingerprints witnesses saw/).fill(fields.witnesses);
    if (fields.key) await page.getByLabel(/The device key you trust/).fill(fields.key);
    await page.getByRole('button', { name: 'Verify' }).click();
    const verdict = page.locator('#verdict');
    await expect(verdict).toBeVisible();
    if (fields.screenshot) await page.screenshot({ path: fields.screenshot, fullPage: true });
    const items = (section: string) => page.locator(`section.${section} li`).allTextContents();
    return {
      verdict: (await verdict.textContent())!,
      failure: (await page.locator('#failure').count()) > 0 ? await page.locator('#failure').textContent() : null,
      proven: await items('proven'),
      notProven: await items('not-proven'),
      requests,
    };
  } finally {
    await context.close();
  }
}

/** The export folder copied under the system temp dir, where no node_modules can be found on the way up. */
function copyFarAway(folder: string): string {
  const away = mkdtempSync(join(tmpdir(), 'incident-console-export-copy-'));
  cpSync(folder, away, { recursive: true });
  for (let dir = away; dir !== dirname(dir); dir = dirname(dir)) expect(existsSync(join(dir, 'node_modules')), `${dir}/node_modules`).toBe(false);
  return away;
}

test.describe('evidence, signed by this device', () => {
  test.use({ appArgs: ['--clock-start', '2026-03-15T09:05:00.000Z', '--operator', 'alice'] });
  test.beforeEach(({ browserName: _browserName }, testInfo) => {
    test.skip(
      testInfo.project.name === 'electron',
      'verify.html is opened in a second browser context; the export and its checks are the same in the desktop app',
    );
  });

  test('the Overview key signs the update posted and the export; verify.html offline and verify-bundle.mjs far away prove both', async ({
    app,
    browser,
  }, testInfo) => {
    seed(app);
    const { page } = app;
    await page.reload();

    // The Overview shows the key this install made on first start (once the keychain holds it): the public half is in device.json.
    await expect(page.getByTestId('signing-state')).toHaveText('Checkpoints are signed with this key');
    const device = JSON.parse(readFileSync(join(app.dataDir, 'device.json'), 'utf8')) as { deviceId: string; keys: Array<{ fingerprint: string }> };
    const short = shortFingerprint(device.keys.at(-1)!.fingerprint);
    await expect(page.getByTestId('device-key-fingerprint')).toHaveText(short);
    await page.screenshot({ path: testInfo.outputPath('overview.png'), fullPage: true });

    // Update posted: the text to paste ends with the checkpoint it was made with.
    const update = 'SEV1: login failing, rolling back auth deploy. Next update 09:20.';
    const { pasted, witness } = await postUpdate(page, update);
    expect(witness).toMatch(/^IC-[0-9a-f]{8}$/);
    expect(pasted).toBe(`${update}\n\nJournal checkpoint: ${witness}`);
    await page.getByRole('status', { name: 'Posted update' }).screenshot({ path: testInfo.outputPath('update-posted.png') });

    const folder = join(app.dataDir, 'evidence-out');
    const said = await exportTo(page, folder);
    expect(said).toContain(`signed by device key ${short}`);
    await page
      .getByTestId('export-checkpoint')
      .locator('..')
      .screenshot({ path: testInfo.outputPath('export-result.png') });
    const checkpointSeq = Number(/checkpoint #(\d+)/.exec(said)![1]);
    const bundleText = readFileSync(join(folder, 'timeline-bundle.json'), 'utf8');
    const bundle = JSON.parse(bundleText) as { entries: Array<{ seq: number; kind: string; text: string | null }> };
    expect(bundle.entries.at(-1)).toMatchObject({ seq: checkpointSeq, kind: 'checkpoint' });

    const good = await verifyInPage(browser, join(folder, 'verify.html'), bundleText, {
      witnesses: witness,
      key: short,
      screenshot: testInfo.outputPath('verify-html-verified.png'),
    });
    expect(good.verdict).toBe(`VERIFIED: incident "${TITLE}" (${JSON.parse(bundleText).incident.id}), ${bundle.entries.length} entries.`);
    expect(good.failure).toBeNull();
    expect(good.proven).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^Entries 1–${checkpointSeq - 1} are unchanged since checkpoint #${checkpointSeq} \\(IC-[0-9a-f]{8}, made for the export\\), signed by device key ${short} of device ${device.deviceId} at \\S+ \\(the device's clock is its claim; a signature proves a device key, not a person\\)\\.$`,
        ),
      ),
    );
    expect(good.proven).toContainEqual(expect.stringMatching(new RegExp(`^The witnessed ${witness} is checkpoint #\\d+ of this history`)));
    expect(good.proven).toContain(`The key ${short} you expected signed here.`);
    expect(good.notProven).toContain('A signature proves a device key, not a person: anyone who could use that console and its keychain could have signed.');
    expect(good.requests).toEqual([pathToFileURL(join(folder, 'verify.html')).href]);

    // One byte of the posted update changed: the page names the entry that holds it.
    const postedEntry = bundle.entries.find((entry) => entry.kind === 'comms_sent')!;
    const tampered = bundleText.replace('rolling back auth deploy', 'rolling back auth deplOy');
    expect(tampered).not.toBe(bundleText);
    const bad = await verifyInPage(browser, join(folder, 'verify.html'), tampered, {
      witnesses: witness,
      screenshot: testInfo.outputPath('verify-html-failed.png'),
    });
    expect(bad.verdict).toBe(`FAILED: incident "${TITLE}" (${JSON.parse(bundleText).incident.id}).`);
    expect(bad.failure).toMatch(new RegExp(`^First failure: Entry #${postedEntry.seq}\\b`));

    // The same folder, copied where nothing of this repository can be found: Node's standard library alone.
    const away = copyFarAway(folder);
    try {
      const run = spawnSync(process.execPath, ['verify-bundle.mjs', 'timeline-bundle.json', '--witness', witness, '--key', short], {
        cwd: away,
        encoding: 'utf8',
        env: { PATH: process.env.PATH },
      });
      expect(run.status, run.stderr).toBe(0);
      const lines = run.stdout.split('\n');
      expect(lines[0]).toBe(good.verdict);
      for (const line of [...good.proven, ...good.notProven]) expect(lines).toContain(`  - ${line}`);
    } finally {
      rmSync(away, { recursive: true, force: true });
    }
  });
});

test.describe('evidence, on a machine without a keychain', () => {
  const libsecret = sharedLibraryFiles('libsecret-1.so');
  test.use({ appHiddenFiles: libsecret, appArgs: ['--clock-start', '2026-03-15T09:05:00.000Z', '--operator', 'alice'] });
  test.beforeEach(({ browserName: _browserName }, testInfo) => {
    test.skip(testInfo.project.name === 'electron', 'browser mode only: the library is hidden from the browser-mode process');
    test.skip(process.getuid?.() !== 0, 'hiding a library needs a private mount namespace (root)');
    expect(libsecret.length, 'libsecret is installed for the tests, so there is something to hide').toBeGreaterThan(0);
  });

  test("says plainly that this run's checkpoints are unsigned, and the export and its verifier say so too", async ({ app, browser }, testInfo) => {
    seed(app);
    const { page } = app;
    await page.reload();
    await expect(page.getByTestId('signing-state')).toHaveText('Checkpoints are NOT signed');
    await expect(page.getByRole('alert').filter({ hasText: "This run's checkpoints are unsigned" })).toContainText('no OS keychain is available');
    await page.getByRole('region', { name: 'Evidence' }).screenshot({ path: testInfo.outputPath('overview-evidence-unsigned.png') });

    // The witness still works (an unsigned checkpoint can match what people saw), and says nothing more.
    const { pasted, witness } = await postUpdate(page, 'SEV1: still failing.');
    expect(pasted).toBe(`SEV1: still failing.\n\nJournal checkpoint: ${witness}`);

    const folder = join(app.dataDir, 'unsigned-out');
    const said = await exportTo(page, folder);
    expect(said).toMatch(/checkpoint #\d+ IC-[0-9a-f]{8}, unsigned/);
    const bundleText = readFileSync(join(folder, 'timeline-bundle.json'), 'utf8');
    const report = await verifyInPage(browser, join(folder, 'verify.html'), bundleText, { witnesses: witness });
    expect(report.verdict).toMatch(/^VERIFIED, WITH LIMITS: /);
    expect(report.notProven).toContain('No checkpoint here is signed: the chain proves only that it is consistent with itself.');
    expect(report.notProven).toContainEqual(expect.stringMatching(/^Checkpoint #\d+ \(IC-[0-9a-f]{8}\) is unsigned \(This run's checkpoints are unsigned: /));
    // With the key someone expected, an unsigned bundle is refused.
    const expecting = await verifyInPage(browser, join(folder, 'verify.html'), bundleText, { key: '7f3a 9c21 b04e 11d2' });
    expect(expecting.verdict).toMatch(/^FAILED: /);
    expect(expecting.failure).toContain('[expected-key]');
  });
});
