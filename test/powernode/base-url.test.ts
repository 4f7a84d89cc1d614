import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROFILES_FILE_NAME } from '../../src/main/core/powernode/profile-store';
import { BaseUrl, baseUrlWarning } from '../../src/shared/powernode-schemas';
import { answer } from '../support/call';
import { createTestConsole, type TestConsole } from '../support/console';

// Its own process: no keychain (profiles.list answers without one).
process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/incident-console-no-bus';

let testConsole: TestConsole;
beforeEach(async () => {
  testConsole = await createTestConsole();
});
afterEach(async () => {
  await testConsole.dispose();
});

const withCredentials = [
  'https://ops:hunter2@powernode.example.test',
  'https://ops@powernode.example.test/api',
  'http://ops:pa/ss@127.0.0.1:8080',
  'https://ops:p%40ss@powernode.example.test',
];

describe('a Powernode base URL', () => {
  it('with user or password in it is refused, and nothing is stored', async () => {
    for (const baseUrl of withCredentials) {
      expect(BaseUrl.safeParse(baseUrl).success, baseUrl).toBe(false);
      const refused = await answer(testConsole.core, 'profiles.save', { name: 'prod', baseUrl, email: 'ops@example.test' });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', issues: [{ path: 'baseUrl', message: expect.stringMatching(/Leave user and password out of the base URL/) }] },
      });
      // The refusal does not repeat the password back.
      expect(JSON.stringify(refused)).not.toContain('hunter2');
    }
    expect(existsSync(join(testConsole.dataDir, PROFILES_FILE_NAME))).toBe(false);
    expect(BaseUrl.safeParse('https://powernode.example.test/api?tenant=a@b').success).toBe(true);
  });

  it('with credentials in an old profiles file: the file is set aside instead of shown', async () => {
    await testConsole.dispose();
    const old = `${JSON.stringify({ version: 1, profiles: [{ name: 'prod', baseUrl: 'https://ops:hunter2@powernode.example.test', email: 'ops@example.test' }] })}\n`;
    testConsole = await createTestConsole(undefined, { prepare: (dir) => writeFileSync(join(dir, PROFILES_FILE_NAME), old) });
    const dataDir = testConsole.dataDir;
    const list = await answer(testConsole.core, 'profiles.list', {});
    expect(list).toMatchObject({ ok: true, result: { profiles: [] } });
    const setAside = await answer(testConsole.core, 'app.setAsideFiles', {});
    expect(setAside).toMatchObject({ ok: true, result: { files: [{ label: 'Powernode profiles', reason: expect.stringContaining('(profiles.0.baseUrl)') }] } });
    expect(JSON.stringify(setAside)).not.toContain('hunter2');
    expect(readFileSync(join(dataDir, `${PROFILES_FILE_NAME}.damaged-20260315-090000Z`), 'utf8')).toBe(old);
  });

  it('over plain http to another machine gets a warning; to this machine, or over https, none', () => {
    expect(baseUrlWarning('http://powernode.internal:8080/api')).toBe(
      'Plain http to powernode.internal: the password and tokens would cross the network unencrypted. Use https, unless this is a tunnel you trust.',
    );
    expect(baseUrlWarning('HTTP://10.0.4.7')).toMatch(/^Plain http to 10\.0\.4\.7:/);
    for (const quiet of ['http://127.0.0.1:4010', 'http://localhost:3000/', 'http://[::1]:8080', 'https://powernode.example.test', 'http://127.0.0.53']) {
      expect(baseUrlWarning(quiet), quiet).toBeUndefined();
    }
  });
});
