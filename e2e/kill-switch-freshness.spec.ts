import { startFakePowernode, type FakePowernode } from '../test/fake-powernode/server.mjs';
import { expect, test } from './fixtures/app';
import { addProfileAndLogin } from './fixtures/powernode';

/**
 * What the operator reads at a glance: the age of the status ticking, "confirming…" while an
 * outcome is settled, the stale warning past two poll intervals, a 429's end time counting down;
 * agents all reachable and a search that does not send a request per keystroke. Each state is
 * also captured as a screenshot (attached to the test) to be looked at.
 */
let fake: FakePowernode;
const POLL_MS = 1_000;

test.use({ appArgs: ['--powernode-poll-ms', String(POLL_MS), '--powernode-timeout-ms', '600'] });
test.beforeEach(async ({ browserName: _browserName }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'browser mode only: the fake is driven from the test process');
  fake = await startFakePowernode({ agentCount: 250 });
});
test.afterEach(async () => {
  await fake?.close();
});

test.describe('with a 3 s poll (so the age is seen ticking between polls)', () => {
  test.use({ appArgs: ['--powernode-poll-ms', '3000', '--powernode-timeout-ms', '600'] });

  test('the chip ages every poll, and says "halt sent, confirming…" until the server settles it', async ({ app }, testInfo) => {
    const { page } = app;
    await addProfileAndLogin(page, fake, 'commander@example.test', { twoFactor: false });
    const chip = page.getByTestId('killswitch-state');
    await expect(chip).toContainText('prod: AI running');
    await expect(chip.getByTestId('killswitch-age')).toContainText(/^checked \d+ s ago$/);
    // The age ticks up, and each answered poll restarts it: a working poll is seen working.
    const ageNow = async () => Number(/(\d+) s ago/.exec((await chip.getByTestId('killswitch-age').textContent()) ?? '')?.[1] ?? NaN);
    let highest = await ageNow();
    await expect
      .poll(async () => {
        const age = await ageNow();
        const restarted = age < highest;
        highest = Math.max(highest, age);
        return restarted;
      })
      .toBe(true);
    expect(highest).toBeGreaterThanOrEqual(1);
    await expect(chip).not.toHaveClass(/ks-chip-stale/);

    // The halt happens but its answer is lost, and the status keeps failing for a while: confirming…
    await fake.control({ fault: { pathPrefix: '/api/v1/ai/kill_switch/halt', applyFirst: true, status: 500 } });
    await fake.control({ fault: { pathPrefix: '/api/v1/ai/kill_switch/status', status: 500, times: 2 } });
    await page.getByTestId('killswitch-halt').click();
    const dialog = page.getByRole('dialog', { name: 'HALT all AI activity' });
    await dialog.getByLabel('Reason').fill('Agents are emailing every customer.');
    await dialog.getByRole('button', { name: 'HALT prod' }).click();
    await expect(dialog.getByTestId('killswitch-outcome')).toContainText('HALT sent, outcome unknown: confirming with the server…');
    await expect(dialog.getByRole('button', { name: 'Check status' })).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'HALT again: prod' })).toBeEnabled();
    await expect(chip.getByTestId('killswitch-pending')).toHaveText('prod: halt sent, confirming…');
    await expect(chip).toContainText('last confirmed: running');
    await page.screenshot({ path: testInfo.outputPath('halt-confirming.png') });
    await testInfo.attach('halt-confirming', { path: testInfo.outputPath('halt-confirming.png'), contentType: 'image/png' });

    await expect(dialog.getByTestId('killswitch-settled')).toContainText(/^✔ The halt happened\.Confirmed: halted at .+ by casey/, { timeout: 20_000 });
    await expect(chip).toContainText('prod: HALTED');
    await expect(chip.getByTestId('killswitch-pending')).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('halt-confirmed.png') });
    await testInfo.attach('halt-confirmed', { path: testInfo.outputPath('halt-confirmed.png'), contentType: 'image/png' });
  });
});

test('a 429 shows the clock time it ends and counts down; the stale status warns; HALT stays available', async ({ app }, testInfo) => {
  const { page } = app;
  await addProfileAndLogin(page, fake, 'commander@example.test', { twoFactor: false });
  const chip = page.getByTestId('killswitch-state');
  await expect(chip).toContainText('prod: AI running');
  await fake.control({ fault: { pathPrefix: '/api/v1/ai/agents', rateLimited: true, retryAfter: 900 } });
  await page.getByLabel('Search agents').fill('fleet');

  const limit = chip.getByTestId('killswitch-rate-limit');
  await expect(limit).toContainText(/^429: no request before \d\d:\d\d:\d\d \(14m \d\ds left\)$/);
  const first = await limit.textContent();
  await expect(limit).not.toHaveText(first!);
  // No poll goes out while it lasts: the status ages past two intervals and the chip warns.
  const sent = fake.log().length;
  await expect(chip).toHaveClass(/ks-chip-stale/, { timeout: 10_000 });
  await expect(chip.getByTestId('killswitch-age')).toContainText(/^⚠ not confirmed for \d+ s$/);
  expect(fake.log()).toHaveLength(sent);
  await page.screenshot({ path: testInfo.outputPath('stale-and-429.png') });
  await testInfo.attach('stale-and-429', { path: testInfo.outputPath('stale-and-429.png'), contentType: 'image/png' });
  // The dark theme (the default at 3 a.m.) must read as well.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: testInfo.outputPath('stale-and-429-dark.png') });
  await testInfo.attach('stale-and-429-dark', { path: testInfo.outputPath('stale-and-429-dark.png'), contentType: 'image/png' });
  await page.emulateMedia({ colorScheme: 'light' });

  // HALT is never disabled by it: the dialog warns and offers to send it anyway.
  await expect(page.getByTestId('killswitch-halt')).toBeEnabled();
  await page.getByTestId('killswitch-halt').click();
  const dialog = page.getByRole('dialog', { name: 'HALT all AI activity' });
  await dialog.getByLabel('Reason').fill('Agents are deleting tenant data.');
  await expect(dialog.getByTestId('halt-rate-limited')).toContainText(/until \d\d:\d\d:\d\d, 14m \d\ds from now/);
  await expect(dialog).toContainText('⚠ not confirmed for');
  await page.screenshot({ path: testInfo.outputPath('halt-dialog-429.png') });
  await testInfo.attach('halt-dialog-429', { path: testInfo.outputPath('halt-dialog-429.png'), contentType: 'image/png' });
  await dialog.getByRole('button', { name: 'HALT prod anyway' }).click();
  await expect(dialog).toBeHidden();
  await expect(chip).toContainText('prod: HALTED');
  expect(fake.state.killSwitch.halted).toBe(true);
});

test('every one of 250 agents is reachable through the pager; search asks at most about 3 times a second', async ({ app }) => {
  const { page } = app;
  await addProfileAndLogin(page, fake, 'commander@example.test', { twoFactor: false });
  const table = page.getByRole('table', { name: 'Agents' });
  const pager = page.getByRole('navigation', { name: 'Agent pages', exact: true });
  await expect(page.getByText('250 agents')).toBeVisible();
  await expect(pager).toContainText('Page 1 of 5');
  await expect(table.getByRole('row')).toHaveCount(51);
  await pager.getByRole('button', { name: 'Last »' }).click();
  await expect(pager).toContainText('Page 5 of 5');
  await expect(table).toContainText('Fleet agent 0250');

  const agentRequests = () => fake.log().filter((entry) => entry.path === '/api/v1/ai/agents').length;
  const before = agentRequests();
  const started = Date.now();
  await page.getByLabel('Search agents').pressSequentially('fleet agent 0137', { delay: 60 });
  const typingMs = Date.now() - started;
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText('Fleet agent 0137');
  await expect(pager).toHaveCount(0);
  // 16 keystrokes: one request after the typing pauses, never one per key (≤ 3 per second of typing, plus the last).
  const sent = agentRequests() - before;
  expect(sent).toBeGreaterThanOrEqual(1);
  expect(sent).toBeLessThanOrEqual(Math.ceil((typingMs / 1000) * 3) + 1);
  expect(sent).toBeLessThan(16);
});
