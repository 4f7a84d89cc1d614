import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { VIEWS } from '../src/shared/views';
import { expect, test } from './fixtures/app';

/**
 * Automated accessibility checks (axe-core, WCAG 2.x A and AA rules) on every screen, with an
 * incident open so each screen shows what it shows at 3 a.m., and on the dialogs and the palette.
 * A serious or critical violation fails the test, named with the elements it was found on.
 */
test.describe('accessibility', () => {
  test.use({ appArgs: ['--clock-start', '2026-03-16T10:30:00.000Z'] });

  const serious = async (page: Page, where: string) => {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) =>
          `${where}: ${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => `${node.target.join(' ')} (${node.any[0]?.message ?? ''})`).join(', ')}`,
      );
  };

  for (const theme of ['light', 'dark'] as const) {
    test(`no serious violation on any screen (${theme} theme)`, async ({ app }) => {
      execFileSync(process.execPath, ['--import', 'tsx', 'test/support/seed-sample-incident.ts', app.dataDir, '--with-write-up'], { encoding: 'utf8' });
      const { page } = app;
      await page.reload();
      await page.getByLabel('Theme').selectOption(theme);
      await page.getByTestId('incident-slot').click();
      await page.getByRole('menuitemradio', { name: /Checkout API returning 500s/ }).click();
      const found: string[] = [];
      for (const view of VIEWS) {
        await page.getByRole('button', { name: new RegExp(`^${view.label}`) }).click();
        await expect(page.locator('h1.view-title').first()).toBeVisible();
        // Let the screen's data arrive (its loading state is not what is checked).
        await page.waitForLoadState('networkidle');
        found.push(...(await serious(page, view.label)));
      }
      // The Team screen with roles held, command elsewhere (the top bar's amber "reminders are with…"), and its handover dialog.
      await page.getByRole('button', { name: /^Team/ }).click();
      await page.getByRole('button', { name: 'Take command' }).click();
      await page.getByRole('form', { name: 'Assign a role' }).getByLabel('Responder').fill('robin');
      await page.getByRole('form', { name: 'Assign a role' }).getByRole('button', { name: 'Assign' }).click();
      await expect(page.getByTestId('role-scribe')).toContainText('robin');
      await page.getByTestId('team-command').getByRole('button', { name: 'Hand over command' }).click();
      const handover = page.getByRole('dialog', { name: 'Hand over command' });
      await handover.getByLabel('To whom').fill('sam');
      found.push(...(await serious(page, 'hand over command dialog')));
      await handover.getByRole('button', { name: 'Hand over command' }).click();
      await expect(page.getByTestId('reminders-elsewhere')).toHaveText('reminders are with sam');
      found.push(...(await serious(page, 'Team, command elsewhere')));
      // The dialogs: the HALT dialog, the command palette and the shortcuts list.
      await page.getByTestId('killswitch-halt').click();
      await expect(page.getByRole('dialog', { name: 'HALT all AI activity' })).toBeVisible();
      found.push(...(await serious(page, 'HALT dialog')));
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Shift+P');
      await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
      await page.keyboard.type('time');
      found.push(...(await serious(page, 'command palette')));
      await page.keyboard.press('Escape');
      await page.locator('h1.view-title').first().click();
      await page.keyboard.press('?');
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
      found.push(...(await serious(page, 'shortcuts overlay')));
      expect(found).toEqual([]);
    });
  }
});
