import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startFakePowernode, TEST_PASSWORD, type FakePowernode } from '../test/fake-powernode/server.mjs';
import { expect, test } from './fixtures/app';
import { addProfileAndLogin, readJournal } from './fixtures/powernode';

/**
 * The kill switch end to end, in browser mode against the fake Powernode over loopback, with the
 * real keychain (npm test runs Playwright inside a private D-Bus session with gnome-keyring).
 */
let fake: FakePowernode;

test.beforeEach(async ({ browserName: _browserName }, testInfo) => {
  // These read the renderer's traffic and the journal over browser mode's HTTP transport.
  test.skip(testInfo.project.name === 'electron', 'browser mode only: traffic and journal are read over its HTTP transport');
  fake = await startFakePowernode();
});
test.afterEach(async () => {
  await fake?.close();
});

/** Everything the renderer receives: every /rpc answer and every server-sent event. */
async function recordRendererTraffic(page: Page): Promise<() => string> {
  const received: string[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/rpc/'))
      void response.text().then(
        (text) => received.push(text),
        () => undefined,
      );
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.eventSourceMessageReceived', (message) => received.push(`${message.eventName} ${message.data}`));
  // Reconnect so the event stream is recorded from its first message.
  await page.reload();
  return () => received.join('\n');
}

function readTree(dir: string): string {
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .map((path) => (statSync(path).isDirectory() ? readTree(path) : readFileSync(path, 'latin1')))
    .join('\n');
}

test('log in with 2FA, halt with a reason, resume with a summary and mode; all journaled, no secret anywhere', async ({ app }) => {
  const { page } = app;
  const received = await recordRendererTraffic(page);
  await expect(page.getByTestId('killswitch-state')).toHaveText(/not connected/);

  await addProfileAndLogin(page, fake, 'oncall@example.test', { twoFactor: true });
  await expect(page.getByTestId('session-state')).toContainText('robin');
  await expect(page.getByTestId('session-state')).toContainText('remembered in the keychain');
  await expect(page.getByTestId('killswitch-state')).toContainText('prod: AI running');

  const reason = 'Support agents are refunding every order twice.';
  await page.getByTestId('killswitch-halt').click();
  const haltDialog = page.getByRole('dialog', { name: 'HALT all AI activity' });
  await expect(haltDialog.getByRole('button', { name: 'HALT prod' })).toBeDisabled();
  await haltDialog.getByLabel('Reason').fill(reason);
  await haltDialog.getByRole('button', { name: 'HALT prod' }).click();
  await expect(haltDialog).toBeHidden();
  const state = page.getByTestId('killswitch-state');
  await expect(state).toContainText('prod: HALTED');
  await expect(state).toContainText('halted by robin');
  await expect(state).toContainText(reason);
  expect(fake.state.killSwitch.halted).toBe(true);

  const summary = 'Reverted the refund tool prompt; duplicate refunds stopped and were reversed.';
  await page.getByTestId('killswitch-resume').click();
  const resumeDialog = page.getByRole('dialog', { name: 'Resume AI activity on prod' });
  await resumeDialog.getByLabel('Remediation summary').fill(summary);
  await resumeDialog.getByLabel(/Minimal/).check();
  await resumeDialog.getByRole('button', { name: 'Resume (minimal)' }).click();
  await expect(page.getByTestId('killswitch-state')).toContainText('prod: AI running');
  expect(fake.state.killSwitch.events[0]).toMatchObject({ event_type: 'resume', resume_mode: 'minimal' });

  // The history on the Powernode screen shows both events.
  const history = page.getByRole('table', { name: 'Kill switch events' });
  await expect(history.getByRole('row')).toHaveCount(3);
  await expect(history).toContainText(reason);
  await expect(history).toContainText('mode minimal');
  await expect(history.getByRole('row').filter({ hasText: 'HALT' })).toContainText('3 executions cancelled, 2 loops paused');

  // The journal: both calls, in one incident (opened by the halt, then current), with the operator's words.
  const journal = await readJournal(page);
  expect(journal.chainsOk).toBe(true);
  const calls = journal.entries.filter((entry) => entry.kind === 'killswitch_call');
  expect(calls).toHaveLength(2);
  expect(calls[0]).toMatchObject({ text: reason, data: { action: 'halt', profile: 'prod', httpStatus: 200, ok: true } });
  expect(String(calls[0]!.data!.outcome)).toContain('suspended by robin');
  expect(calls[1]).toMatchObject({ text: summary, data: { action: 'resume', mode: 'minimal', httpStatus: 200, ok: true } });
  expect(calls[1]!.incidentId).toBe(calls[0]!.incidentId);
  expect(calls[0]!.incidentTitle).toContain(reason);

  // Log out, then scan: data dir, app output, everything the renderer received, the page and its storage.
  await page.getByRole('button', { name: 'Log out and forget credentials' }).click();
  await expect(page.getByTestId('session-state')).toContainText('Not logged in');
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + document.documentElement.outerHTML);
  const haystack = [readTree(app.dataDir), app.output(), received(), storage].join('\n');
  expect(received()).toContain('killSwitch.changed');
  expect(fake.state.issuedTokens.length).toBeGreaterThanOrEqual(3);
  for (const secret of [TEST_PASSWORD, ...fake.state.issuedTokens]) {
    expect(haystack.includes(secret), 'a secret reached the data dir, the output or the renderer').toBe(false);
  }
});

test('failures are shown plainly: wrong password, then a missing permission on HALT (journaled)', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: /^Powernode/ }).click();
  await page.getByLabel('Profile name').fill('prod');
  await page.getByLabel('Base URL').fill(fake.url);
  await page.getByLabel('Email').fill('viewer@example.test');
  await page.getByRole('button', { name: 'Save environment' }).click();
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: /^Log in/ }).click();
  await expect(page.getByTestId('session-error')).toHaveText('Wrong email or password.');

  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: /^Log in/ }).click();
  await expect(page.getByText('This user lacks ai.kill_switch.manage')).toBeVisible();
  await expect(page.getByTestId('killswitch-state')).toContainText('prod: state unknown');

  await page.getByTestId('killswitch-halt').click();
  const dialog = page.getByRole('dialog', { name: 'HALT all AI activity' });
  await dialog.getByLabel('Reason').fill('Viewer tries to stop a runaway agent.');
  await dialog.getByRole('button', { name: 'HALT prod' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Permission denied: ai.kill_switch.manage');

  const call = (await readJournal(page)).entries.find((entry) => entry.kind === 'killswitch_call');
  expect(call).toMatchObject({ text: 'Viewer tries to stop a runaway agent.', data: { action: 'halt', httpStatus: 403, ok: false } });
});

test('an access token that expires mid-session is refreshed once, without the operator noticing', async ({ app }) => {
  const { page } = app;
  // Whole-second JWT expiry: 2 s leaves the refreshed token valid for the retried call.
  await fake.control({ accessTtlSeconds: 2 });
  await addProfileAndLogin(page, fake, 'commander@example.test', { twoFactor: false });
  await expect(page.getByTestId('killswitch-state')).toContainText('prod: AI running');
  await page.waitForTimeout(2_100);
  await fake.control({ clearLog: true, accessTtlSeconds: 900 });

  await page.getByTestId('killswitch-halt').click();
  const dialog = page.getByRole('dialog', { name: 'HALT all AI activity' });
  await dialog.getByLabel('Reason').fill('Halting on an expired access token.');
  await dialog.getByRole('button', { name: 'HALT prod' }).click();
  await expect(page.getByTestId('killswitch-state')).toContainText('halted by casey');
  await expect(dialog).toBeHidden();

  const calls = fake.log().map((entry) => `${entry.path} ${entry.status}`);
  expect(calls.filter((line) => line.startsWith('/api/v1/auth/refresh'))).toEqual(['/api/v1/auth/refresh 200']);
  expect(calls.filter((line) => line.startsWith('/api/v1/ai/kill_switch/halt'))).toEqual([
    '/api/v1/ai/kill_switch/halt 401',
    '/api/v1/ai/kill_switch/halt 200',
  ]);
});
