import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startPostgres, type TestPostgres } from '../test/support/postgres-server';
import { expect, test } from './fixtures/app';
import { openConsoleOn } from './fixtures/journal-files';
import { rpc } from './fixtures/powernode';
import { entry, joinByCode, note, openIncident, shareJoinCode, useTeamDatabase } from './fixtures/team';

const TITLE = 'Checkout returning 502s';
const notices = (page: Page) => page.getByRole('status').filter({ has: page.locator('.notice') });
const currentIncidentId = (page: Page) => page.evaluate(() => localStorage.getItem('incident-console.current-incident')!);

/** Both incidents started 40 minutes ago. */
const startedAt = new Date(Date.now() - 40 * 60_000);

/**
 * SEV1 declared on the bridge call half an hour ago (the contract's backdated severity; the Triage
 * screen has no field for it): its acknowledgement and first update are overdue once journaled.
 */
async function declareOverdueSev1(page: Page, incidentId: string) {
  const incident = await rpc<{ severity: string } | undefined>(page, 'triage.setSeverity', {
    incidentId,
    severity: 'SEV1',
    reason: 'declared on the bridge call',
    occurredAt: new Date(startedAt.getTime() + 10 * 60_000).toISOString(),
  });
  expect(incident?.severity).toBe('SEV1');
}

/**
 * Two consoles (ana, who opens the incident, and ben, who joins it by code) on one team
 * PostgreSQL: each one's notes reach the other with no bundle passed, a handover made on ana's
 * console shows on both top bars, and the reminders go to ben's console, not ana's.
 */
test.describe('two consoles on one incident, synced through the team database', () => {
  test.use({ appArgs: ['--operator', 'ana'] });

  test('a note crosses both ways, command is handed over, and the reminders follow the new commander', async ({ app, browser }, testInfo) => {
    test.skip(testInfo.project.name === 'electron', 'two consoles side by side: browser mode');
    const pg: TestPostgres = await startPostgres();
    const benDir = mkdtempSync(join(tmpdir(), 'incident-console-e2e-ben-'));
    let ben: Awaited<ReturnType<typeof openConsoleOn>> | undefined;
    try {
      pg.psql('CREATE DATABASE e2e_team');
      const teamDatabase = `postgres://postgres:team-pw@127.0.0.1:${pg.port}/e2e_team`;
      const ana = app.page;

      await openIncident(ana, TITLE, startedAt);
      // ana takes command from the top bar: nobody held it.
      const anaSlot = ana.getByTestId('commander-slot');
      await expect(anaSlot.getByTestId('commander-now')).toHaveText('not assigned');
      await anaSlot.getByRole('button', { name: 'Hand over command' }).click();
      const anaDialog = ana.getByRole('dialog', { name: 'Hand over command' });
      await anaDialog.getByLabel('To whom').fill('ana');
      await anaDialog.getByRole('button', { name: 'Hand over command' }).click();
      await expect(anaSlot.getByTestId('commander-now')).toHaveText('you');
      await note(ana, 'ana: rolling back deploy 4521');
      const code = await shareJoinCode(ana);
      await ana.keyboard.press('Alt+0');
      await useTeamDatabase(ana, teamDatabase);

      ben = await openConsoleOn(browser, benDir, ['--operator', 'ben']);
      const benPage = ben.page;
      await joinByCode(benPage, code, TITLE);
      await benPage.keyboard.press('Alt+0');
      await expect(benPage.getByRole('button', { name: /^Team/ })).toHaveAttribute('aria-current', 'page');
      await useTeamDatabase(benPage, teamDatabase);

      // ana's note and her command arrive on ben's console through the database alone.
      const benSlot = benPage.getByTestId('commander-slot');
      await expect(benSlot.getByTestId('commander-now')).toHaveText('ana');
      await expect(benSlot.getByTestId('reminders-elsewhere')).toHaveText('reminders are with ana');
      await benPage.keyboard.press('Alt+3');
      await expect(entry(benPage, 'ana: rolling back deploy 4521')).toBeVisible();
      await expect(entry(benPage, 'ana: rolling back deploy 4521').getByTestId('entry-device')).toContainText('from device');

      // ben's note arrives on ana's console the same way, marked as written on another device.
      await note(benPage, 'ben: replica lag 40 s on db-2');
      await ana.keyboard.press('Alt+3');
      const crossed = entry(ana, 'ben: replica lag 40 s on db-2');
      await expect(crossed).toBeVisible();
      await expect(crossed.getByTestId('entry-device')).toContainText('from device');
      await expect(ana.getByTestId('chain-badge')).toContainText("2 devices' chains verified");

      // ana hands command over to ben (who is in the incident: he wrote into it), from the top bar.
      await anaSlot.getByRole('button', { name: 'Hand over command' }).click();
      await expect(anaDialog).toContainText('You hold command now.');
      await anaDialog.getByRole('button', { name: 'ben' }).click();
      await expect(anaDialog.getByLabel('To whom')).toHaveValue('ben');
      await anaDialog.getByLabel('Reason').fill('ana is going off shift');
      await anaDialog.getByRole('button', { name: 'Hand over command' }).click();
      await expect(anaDialog).toBeHidden();
      await expect(anaSlot.getByTestId('commander-now')).toHaveText('ben');
      await expect(anaSlot.getByTestId('reminders-elsewhere')).toHaveText('reminders are with ben');
      // Both top bars say it; ben's timeline has the handover with its reason.
      await expect(benSlot.getByTestId('commander-now')).toHaveText('you');
      await expect(benSlot.getByTestId('reminders-elsewhere')).toBeHidden();
      await expect(entry(benPage, 'Command handed over from ana to ben')).toContainText('ana is going off shift');

      // The SEV1 is declared (overdue) on ana's console after the handover: the reminders are ben's to raise.
      await declareOverdueSev1(ana, await currentIncidentId(ana));
      // A second incident nobody commands, made overdue after the first: the check that raises its
      // reminder on ana's console has seen the first one overdue too, and passed it over.
      const unowned = await rpc<{ id: string }>(ana, 'incidents.create', {
        title: 'Search results empty',
        detectedBy: 'customer',
        startedAt: startedAt.toISOString(),
      });
      await declareOverdueSev1(ana, unowned.id);
      await expect(notices(ana)).toContainText('Acknowledge: Search results empty');
      await expect(notices(ana)).toContainText('Update due: Search results empty');
      await expect(notices(ana)).not.toContainText(TITLE);
      // ben's top bar takes the severity declared on ana's console, and offers the acknowledgement.
      await expect(benPage.getByTestId('severity-badge')).toHaveText('SEV1');
      await expect(benPage.getByTestId('ack-button')).toBeVisible();
      await expect(notices(benPage)).toContainText(`Acknowledge: ${TITLE}`);
      await expect(notices(benPage)).toContainText(`Update due: ${TITLE}`);

      // ben's Team screen: he commands, the reminders are raised on his console, both devices are listed.
      await benPage.keyboard.press('Alt+0');
      await expect(benPage.getByTestId('team-command')).toContainText('Commander: you (ben)');
      await expect(benPage.getByTestId('team-command')).toContainText('reminders are raised on this console');
      const people = benPage.getByRole('table', { name: 'People in this incident' });
      await expect(people.getByRole('rowheader')).toHaveText(['benyou', 'ana']);
      await benPage.screenshot({ path: testInfo.outputPath('ben-team-after-handover.png'), fullPage: true });
      await ana.keyboard.press('Alt+0');
      await expect(ana.getByTestId('team-command')).toContainText("reminders are with ben's console, not this one");
      // The consoles share this test's keychain: ben stops syncing, so no later test starts with this database's string.
      await benPage.getByRole('button', { name: 'Stop syncing' }).click();
      await expect(benPage.getByTestId('sync-slot')).toHaveText('Sync off');
    } finally {
      await ben?.close();
      rmSync(benDir, { recursive: true, force: true });
      await pg.stop().catch(() => undefined);
    }
  });
});
