import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { expect, test, type ConsoleApp } from './fixtures/app';

/**
 * Roles and handover in one console (operator alice): the top bar says who is commander on
 * every screen, the Team screen assigns roles, and the acknowledgement and update reminders are
 * raised here only while alice holds command (or nobody does).
 */
test.describe('roles, handover and the reminders that follow the commander', () => {
  test.use({ appArgs: ['--clock-start', '2026-03-15T09:20:00.000Z', '--operator', 'alice'] });

  const seed = (app: ConsoleApp) =>
    execFileSync(process.execPath, ['--import', 'tsx', 'test/support/seed-sample-incident.ts', app.dataDir, '--commander-sam'], { encoding: 'utf8' }).trim();
  const notices = (page: Page) => page.getByRole('status').filter({ has: page.locator('.notice') });

  const openIncident = async (page: Page, title: string) => {
    await page.getByTestId('incident-slot').click();
    await page.getByRole('menuitemradio', { name: new RegExp(title) }).click();
  };

  test('a handover moves the top bar and the reminders; roles are assigned on the Team screen', async ({ app }) => {
    const { page } = app;
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    // Seeded while the page listens: the next reminder check (every 5 s) sees both incidents at once.
    seed(app);
    // The incident nobody commands reminds this console; the one sam commands does not, in the same check.
    const bar = notices(page);
    await expect(bar).toContainText('Acknowledge: Search results empty');
    await expect(bar).toContainText('Update due: Search results empty');
    await expect(bar).not.toContainText('Login failing for all tenants');

    await page.reload();
    await openIncident(page, 'Login failing for all tenants');
    const slot = page.getByTestId('commander-slot');
    await expect(slot.getByTestId('commander-now')).toHaveText('sam');
    await expect(slot.getByTestId('reminders-elsewhere')).toHaveText('reminders are with sam');

    // sam tells alice to take over: one click in the top bar, to whom and why.
    await slot.getByRole('button', { name: 'Hand over command' }).click();
    const dialog = page.getByRole('dialog', { name: 'Hand over command' });
    await expect(dialog).toContainText('sam holds command now.');
    await dialog.getByRole('button', { name: 'alice (you)' }).click();
    await expect(dialog.getByLabel('To whom')).toHaveValue('alice');
    await dialog.getByLabel('Reason').fill('sam is driving to the data centre');
    await dialog.getByRole('button', { name: 'Hand over command' }).click();
    await expect(dialog).toBeHidden();
    await expect(slot.getByTestId('commander-now')).toHaveText('you');
    await expect(slot.getByTestId('reminders-elsewhere')).toBeHidden();
    // The deadlines that passed while sam held command are now this console's to raise.
    await expect(notices(page)).toContainText('Acknowledge: Login failing for all tenants');
    await expect(notices(page)).toContainText('Update due: Login failing for all tenants');

    // The top bar shows it on every screen, and the timeline has the handover as an entry.
    await page.keyboard.press('Alt+3');
    await expect(page.getByRole('button', { name: /^Timeline/ })).toHaveAttribute('aria-current', 'page');
    await expect(slot.getByTestId('commander-now')).toHaveText('you');
    await expect(page.getByTestId('timeline-entry').filter({ hasText: 'Command handed over from sam to alice' })).toContainText(
      'sam is driving to the data centre',
    );

    // The Team screen (Alt+0): assign a scribe and a subject expert.
    await page.keyboard.press('Alt+0');
    await expect(page.getByRole('button', { name: /^Team/ })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('team-command')).toContainText('Commander: you (alice)');
    await expect(page.getByTestId('team-command')).toContainText('reminders are raised on this console');
    const assign = page.getByRole('form', { name: 'Assign a role' });
    await assign.getByLabel('Role').selectOption('scribe');
    await assign.getByLabel('Responder').fill('robin');
    await assign.getByRole('button', { name: 'Assign' }).click();
    await expect(page.getByTestId('role-scribe')).toContainText('robin');
    await assign.getByLabel('Role').selectOption('subject_expert');
    await assign.getByLabel('Responder').fill('kim');
    await assign.getByLabel('Expertise').fill('PostgreSQL');
    await assign.getByRole('button', { name: 'Assign' }).click();
    await expect(page.getByTestId('role-subject_expert')).toContainText('kim · PostgreSQL');
    // Everyone the journal shows is listed, the commander first, then who holds a role: sam held command, so he is in the team.
    const people = page.getByRole('table', { name: 'People in this incident' });
    await expect(people.getByRole('rowheader')).toHaveText(['aliceyou', 'robin', 'kim', 'sam']);
    await expect(people.getByRole('row').filter({ hasText: 'this console' })).toBeVisible();

    // Command goes back to sam: the top bar says where the reminders are now.
    await page.getByTestId('team-command').getByRole('button', { name: 'Hand over command' }).click();
    await dialog.getByLabel('To whom').fill('sam');
    await dialog.getByRole('button', { name: 'Hand over command' }).click();
    await expect(slot.getByTestId('commander-now')).toHaveText('sam');
    await expect(slot.getByTestId('reminders-elsewhere')).toHaveText('reminders are with sam');
    await expect(page.getByTestId('team-command')).toContainText("reminders are with sam's console, not this one");
    // Taking away a role is an entry too.
    await page.getByRole('button', { name: 'Release robin from scribe' }).click();
    await expect(page.getByTestId('role-scribe')).toContainText('not assigned');
  });
});
