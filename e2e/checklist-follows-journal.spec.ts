import { startFakePowernode, type FakePowernode } from '../test/fake-powernode/server.mjs';
import { expect, test } from './fixtures/app';
import { addProfileAndLogin, readJournal } from './fixtures/powernode';

let fake: FakePowernode;
test.beforeEach(async ({}, testInfo) => {
  test.skip(testInfo.project.name === 'electron', "reads the journal through browser mode's /rpc");
  fake = await startFakePowernode();
});
test.afterEach(async () => {
  await fake?.close();
});

test('a halt ticks the kill-switch step by itself, linking to the journal entry; the triage in progress survives a trip to another screen', async ({
  app,
}, testInfo) => {
  const { page } = app;
  await addProfileAndLogin(page, fake, 'commander@example.test', { twoFactor: false });

  await page.getByRole('button', { name: /^Triage/ }).click();
  await page.getByLabel('Incident title').fill('Agents refunding every order twice');
  await page.getByRole('button', { name: 'Open incident' }).click();
  const question = page.getByTestId('triage-question');
  await question.getByRole('button', { name: 'Yes — agents are taking unwanted actions' }).click();
  await expect(question).toContainText('Is there a security dimension');

  // Halting from the triage's own banner: the dialog, then back to Triage by way of the Powernode screen.
  await page.getByTestId('kill-switch-first').getByRole('button', { name: 'Halt AI activity…' }).click();
  const dialog = page.getByRole('dialog', { name: 'HALT all AI activity' });
  await dialog.getByLabel('Reason').fill('Agents are refunding every order twice.');
  await dialog.getByRole('button', { name: 'HALT prod' }).click();
  await expect(page.getByTestId('killswitch-state')).toContainText('prod: HALTED');
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: /^Powernode/ }).click();
  await page.getByRole('button', { name: /^Triage/ }).click();

  // The answer given before leaving is still there.
  await expect(page.getByRole('list', { name: 'Triage path so far' })).toContainText('Yes — agents are taking unwanted actions');
  await expect(question).toContainText('Is there a security dimension');

  // The kill switch's "engage" step ticked itself, with the entry that shows it.
  const journal = await readJournal(page);
  const halt = journal.entries.find((entry) => entry.kind === 'killswitch_call' && (entry.data as { action: string }).action === 'halt');
  expect(halt).toBeDefined();
  const section = page.getByTestId('checklist-kill-switch');
  // A section the journal ticked a step in is among those worked, open.
  await expect(section).toHaveAttribute('open', '');
  const engage = section.locator('li.step').first();
  await expect(engage.getByRole('checkbox')).toBeChecked();
  const link = engage.getByTestId('step-evidence');
  await expect(link).toContainText(/platform halted on prod: entry #\d+/);
  await page.screenshot({ path: testInfo.outputPath('checklist-ticked.png'), fullPage: true });

  // The link opens the timeline on that very entry.
  const linkedSeq = /entry #(\d+)/.exec((await link.textContent()) ?? '')?.[1];
  await link.click();
  const focused = page.locator('article[data-testid="timeline-entry"]:focus');
  await expect(focused).toContainText('Kill switch');
  await expect(focused).toContainText('halt');
  await expect(focused).toHaveAttribute('data-seq', linkedSeq!);
  await expect(focused).toContainText('Agents are refunding every order twice.');

  // A tick by hand still works and is journaled: unticking the step wins over the earlier halt.
  await page.getByRole('button', { name: /^Triage/ }).click();
  await engage.getByRole('checkbox').uncheck();
  await expect(engage.getByRole('checkbox')).not.toBeChecked();
  await expect(engage.getByTestId('step-evidence')).toHaveCount(0);
  await expect.poll(async () => (await readJournal(page)).entries.filter((entry) => entry.kind === 'checklist_step').length).toBe(1);
});
