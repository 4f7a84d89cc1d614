import { afterEach, describe, expect, it } from 'vitest';
import { KeytarSecretStore } from '../../src/main/core/secrets';
import { TEST_PASSWORD } from '../fake-powernode/server.mjs';
import { createHarness, type Harness } from './harness';

// This file runs in its own process (vitest forks per file): point it at a D-Bus that is not
// there, before keytar first connects, so the real keytar meets a machine without a keychain.
process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/incident-console-no-bus';

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

describe('a machine without a keychain', () => {
  it('says so plainly, refuses to "remember", and offers a this-run-only login that works', async () => {
    h = await createHarness({ secrets: new KeytarSecretStore() });
    await h.addProfile('prod', 'commander@example.test');
    const list = await h.call('profiles.list', {});
    expect(list.keychain.available).toBe(false);
    expect(list.keychain.message).toMatch(/^No OS keychain is available \(.+\)\. You can log in for this run only; nothing will be remembered\.$/);

    const refused = await h.fail('powernode.login', { profile: 'prod', password: TEST_PASSWORD, remember: true });
    expect(refused.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(refused.message).toContain('log in for this run only');

    const login = await h.call('powernode.login', { profile: 'prod', password: TEST_PASSWORD, remember: false });
    expect(login.session).toMatchObject({ state: 'logged_in', storage: 'memory' });
    const state = await h.call('killSwitch.status', { profile: 'prod', refresh: true });
    expect(state.state).toBe('running');
  });
});
