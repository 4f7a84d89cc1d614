import { startFakePowernode, type FakePowernode } from '../test/fake-powernode/server.mjs';
import { FAULT_CASES, MATRIX_POLL_MS, MATRIX_TIMEOUT_MS } from '../test/powernode/fault-matrix-cases';
import { expect, test } from './fixtures/app';
import { addProfileAndLogin, exportPostmortem, readJournal } from './fixtures/powernode';
import { stripMarkCount } from '../test/support/strip-marks';

/**
 * The kill switch fault matrix in the browser: the operator presses HALT while the fake spoils
 * the answer in each way (test/powernode/fault-matrix-cases.ts); the dialog, the chip, the
 * journal and the post-mortem must end up saying what the fake's real state is, and nothing
 * that happened may be called "failed". Short timeouts and polls keep each case brief.
 */
let fake: FakePowernode;

test.use({ appArgs: ['--powernode-poll-ms', String(MATRIX_POLL_MS), '--powernode-timeout-ms', String(MATRIX_TIMEOUT_MS)] });
test.beforeEach(async ({ browserName: _browserName }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'browser mode only: the journal is read over its HTTP transport');
  fake = await startFakePowernode();
});
test.afterEach(async () => {
  await fake?.close();
});

const PLATFORM_CHANGES = ['changed', 'confirmed', 'observed'];
const REASON = 'Agents are refunding every order twice.';

for (const fault of FAULT_CASES) {
  test(`fault matrix: ${fault.name}`, async ({ app }, testInfo) => {
    const { page } = app;
    await addProfileAndLogin(page, fake, 'commander@example.test', { twoFactor: false });
    const chip = page.getByTestId('killswitch-state');
    await expect(chip).toContainText('prod: AI running');
    await expect.poll(() => fake.log().some((entry) => entry.path.endsWith('/kill_switch/events') && entry.status === 200)).toBe(true);
    await fault.arrange(fake);

    await page.getByTestId('killswitch-halt').click();
    const dialog = page.getByRole('dialog', { name: 'HALT all AI activity' });
    await dialog.getByLabel('Reason').fill(REASON);
    // No incident is open: the dialog says it opens one, and the console switches to it whatever happens.
    await expect(dialog.getByTestId('halt-opens-incident')).toContainText(`Halt requested on prod: ${REASON}`);
    await dialog.getByRole('button', { name: 'HALT prod' }).click();
    await expect(page.getByTestId('incident-slot')).toContainText(`Halt requested on prod: ${REASON}`);

    if (fault.answer === 'refused') {
      await expect(dialog.getByRole('alert')).toContainText(/Not sent|rate limiting|Connection refused/);
      await expect(dialog.getByRole('alert')).not.toContainText(/may have happened/);
    } else if (fault.answer === 'unchanged') {
      await expect(dialog.getByTestId('killswitch-outcome')).toContainText(
        /Nothing changed\. Already halted by robin <oncall@example\.test> since .+: nothing changed/,
      );
    } else {
      // Unknown at first ("sent, confirming…"), then settled in the dialog from the server's state.
      await expect(dialog.getByTestId('killswitch-settled')).toContainText(
        fault.halted
          ? /^✔ The halt happened\.Confirmed: halted at .+ by casey/
          : /^The halt had not taken effect when checked: AI is running\..*had not taken effect by then/,
      );
    }
    await expect(dialog).not.toContainText(/fail/i);
    await fault.recover?.(fake);
    await dialog.getByRole('button', { name: /^(Close|Cancel)$/ }).click();

    // The chip: what the fake really is, nothing pending.
    if (fault.halted) {
      await expect(chip).toContainText('prod: HALTED');
      await expect(chip).toContainText(`halted by ${fault.haltedBy}`);
    } else {
      await expect(chip).toContainText(fault.recover ? 'prod: AI running' : /prod: (AI running|state unknown)/);
      await expect(chip).not.toContainText('HALTED');
    }
    await expect(chip.getByTestId('killswitch-pending')).toHaveCount(0);
    expect(fake.state.killSwitch.halted).toBe(fault.halted);
    if (fault.name.includes('429'))
      await expect(chip.getByTestId('killswitch-rate-limit')).toContainText(/429: no request before \d\d:\d\d:\d\d \(1[45]m \d\ds left\)/);

    // The journal: every server halt once, by its event id; nothing that happened called failed.
    await expect
      .poll(async () => (await readJournal(page)).entries.filter((entry) => entry.kind === 'killswitch_call').length)
      .toBe(fault.answer === 'refused' ? 1 : 2);
    const journal = await readJournal(page);
    expect(journal.chainsOk).toBe(true);
    const calls = journal.entries.filter((entry) => entry.kind === 'killswitch_call');
    const incidentId = calls[0]!.incidentId;
    expect(calls.every((entry) => entry.incidentId === incidentId && entry.incidentTitle === `Halt requested on prod: ${REASON}`)).toBe(true);
    const changes = calls.filter((entry) => PLATFORM_CHANGES.includes(String(entry.data!.result)));
    expect(changes.map((entry) => entry.data!.serverEventId)).toEqual(fake.state.killSwitch.events.map((event) => event.id));
    if (fault.halted)
      for (const entry of calls) expect(String(entry.data!.outcome)).not.toMatch(/fail|not carried out|did not take effect|had not taken effect/i);

    // The post-mortem's table and strip show exactly the halts the server has.
    const { markdown, html } = await exportPostmortem(page, app.dataDir, incidentId);
    expect(markdown.match(/Kill switch: platform halted/g) ?? []).toHaveLength(fault.halted ? 1 : 0);
    expect(stripMarkCount(html, 'halt')).toBe(fault.halted ? 1 : 0);
    expect(markdown).not.toMatch(/fail/i);

    // The full timeline reads each outcome plainly: unknown as a warning, never as a failure.
    await page.getByRole('button', { name: /^Timeline/ }).click();
    if (fault.answer === 'unknown') await expect(page.getByText('[outcome unknown]')).toBeVisible();
    if (fault.halted) await expect(page.locator('.outcome-failed')).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('timeline.png') });
    await testInfo.attach('timeline', { path: testInfo.outputPath('timeline.png'), contentType: 'image/png' });
  });
}
