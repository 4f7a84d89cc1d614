import { createServer, type Server, type Socket } from 'node:net';
import { startRedis, type TestRedis } from '../test/support/redis-server';
import { expect, test } from './fixtures/app';

let redis: TestRedis;
// Accepts connections and never answers: a hung Redis.
let blackhole: Server;
let blackholePort: number;
const sockets = new Set<Socket>();
test.beforeAll(async () => {
  redis = await startRedis();
  blackhole = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
  blackholePort = (blackhole.address() as { port: number }).port;
});
test.afterAll(async () => {
  await redis?.stop();
  for (const socket of sockets) socket.destroy();
  blackhole?.close();
});

test('set a host up, see the exact argv, run redis PING and watch PONG arrive', async ({ app }, testInfo) => {
  const { page } = app;
  await page.getByRole('button', { name: /^Diagnostics/ }).click();
  await expect(page.getByRole('heading', { name: 'Diagnostics' })).toBeVisible();

  // Tell the local host where its Redis listens.
  await page.getByRole('button', { name: 'Edit local' }).click();
  await page.getByLabel('Redis port').fill(String(redis.port));
  await page.getByRole('button', { name: 'Save host' }).click();

  await page.getByRole('combobox', { name: 'Command' }).selectOption('redis-ping');
  await expect(page.getByTestId('argv-preview')).toHaveText(`$ redis-cli -h 127.0.0.1 -p ${redis.port} -n 1 PING`);

  // A parameter that tries to smuggle a second command is refused before anything runs.
  await page.getByRole('textbox', { name: 'Database' }).fill('1; touch /tmp/x');
  await expect(page.getByText('A Redis database number from 0 to 15').first()).toBeVisible();
  await expect(page.getByRole('button', { name: /^Run/ })).toBeDisabled();
  await page.getByRole('textbox', { name: 'Database' }).fill('2');
  await expect(page.getByTestId('argv-preview')).toHaveText(`$ redis-cli -h 127.0.0.1 -p ${redis.port} -n 2 PING`);

  await page.getByRole('button', { name: /^Run/ }).click();
  const card = page.getByTestId('run-card').first();
  await expect(card.getByTestId('run-status')).toHaveText('Succeeded (exit 0)');
  await expect(card.getByTestId('run-output')).toHaveText('PONG');
  await expect(card).toContainText('Not journaled (no incident selected)');

  // With a current incident, the run is journaled into it.
  const incidentId = await page.evaluate(async () => {
    const response = await fetch('/rpc/incidents.create', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'API returning 5xx', detectedBy: 'alert' }),
    });
    const answer = (await response.json()) as { result: { id: string } };
    localStorage.setItem('incident-console.current-incident', answer.result.id);
    return answer.result.id;
  });
  await page.reload();
  await page.getByRole('button', { name: /^Diagnostics/ }).click();
  await expect(page.getByText('No incident selected: runs are not journaled.')).toBeHidden();
  await page.getByTestId('run-card').first().getByRole('button', { name: 'Re-run' }).click();
  await expect(page.getByTestId('run-card').first()).toContainText('Journaled');
  const entries = await page.evaluate(async (id) => {
    const response = await fetch('/rpc/journal.entries', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ incidentId: id }),
    });
    return ((await response.json()) as { result: { entries: Array<{ kind: string; data: { output: string } }> } }).result.entries;
  }, incidentId);
  expect(entries.filter((entry) => entry.kind === 'command_run').map((entry) => entry.data.output)).toEqual(['PONG\n']);
  await page.screenshot({ path: testInfo.outputPath('diagnostics.png') });

  // Re-run gave a second card with the same command.
  await expect(page.getByTestId('run-card')).toHaveCount(2);
  await expect(page.getByTestId('run-card').first().getByTestId('run-status')).toHaveText('Succeeded (exit 0)');
});

test('a command that changes a system asks for confirmation naming the host and the effect', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: /^Diagnostics/ }).click();
  await page.getByRole('combobox', { name: 'Command' }).selectOption('worker-stop-start');
  await expect(page.getByTestId('argv-preview')).toContainText('$ sudo -n systemctl stop powernode-worker@default');
  await expect(page.getByTestId('argv-preview')).toContainText('(wait 30 s)');
  await page.getByRole('button', { name: /^Run/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('this changes local');
  await expect(dialog).toContainText('Stops the worker unit, waits 30 seconds');
  await expect(dialog.getByLabel('Exact commands')).toContainText('$ sudo -n systemctl start powernode-worker@default');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('run-card')).toHaveCount(0);
});

test('a hung command can be cancelled, and is stopped at its timeout', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: /^Diagnostics/ }).click();
  await page.getByRole('combobox', { name: 'Command' }).selectOption('redis-ping');
  await page.getByRole('textbox', { name: 'Redis port' }).fill(String(blackholePort));
  await page.getByLabel('Timeout in seconds').fill('600');
  await page.getByRole('button', { name: /^Run/ }).click();
  const card = page.getByTestId('run-card').first();
  await expect(card.getByTestId('run-status')).toHaveText('Running');
  await expect(card.getByRole('progressbar')).toBeVisible();
  await card.getByRole('button', { name: 'Cancel' }).click();
  await expect(card.getByTestId('run-status')).toHaveText(/^Cancelled/);

  await page.getByLabel('Timeout in seconds').fill('2');
  await page.getByRole('button', { name: /^Run/ }).click();
  await expect(page.getByTestId('run-card')).toHaveCount(2);
  await expect(page.getByTestId('run-card').first().getByTestId('run-status')).toHaveText(/^Timed out/);
  await expect(page.getByTestId('run-card').first()).toContainText('Stopped after the 2 s timeout');
});

test('a runbook checklist step opens its command pre-filled', async ({ app }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', "creates the incident through browser mode's /rpc");
  const { page } = app;
  await page.evaluate(async () => {
    const response = await fetch('/rpc/incidents.create', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'API returning 5xx', detectedBy: 'alert' }),
    });
    const answer = (await response.json()) as { result: { id: string } };
    localStorage.setItem('incident-console.current-incident', answer.result.id);
  });
  await page.reload();
  await page.getByRole('button', { name: /^Triage/ }).click();
  const section = page.getByTestId('checklist-api-5xx');
  await section.locator('summary').click();
  await section.getByRole('button', { name: 'Run redis-queue-depth…' }).click();
  await expect(page.getByRole('heading', { name: 'Diagnostics' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Command' })).toHaveValue('redis-queue-depth');
  await expect(page.getByRole('textbox', { name: 'Queue key' })).toHaveValue('queue:reports');
  await expect(page.getByTestId('argv-preview')).toHaveText('$ redis-cli -h 127.0.0.1 -p 6379 -n 1 LLEN queue:reports');
});
