import { afterEach, describe, expect, it } from 'vitest';
import { KeytarSecretStore } from '../../src/main/core/secrets';
import { ConsoleError } from '../../src/shared/errors';
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

  it('a keychain operation that fails is KEYCHAIN_FAILED, in plain words, never a bare error', async () => {
    // The library loads (libsecret is here); the Secret Service it talks to over D-Bus is not.
    const failure = await new KeytarSecretStore().get('Incident Console Powernode (prod)', 'refresh_token').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConsoleError);
    expect(failure).toMatchObject({ code: 'KEYCHAIN_FAILED', message: expect.stringMatching(/^The OS keychain could not read a secret \(.+\)\.$/) });
  });

  it('a keychain library that cannot be loaded is KEYCHAIN_UNAVAILABLE, with the same words the probe gives', async () => {
    const store = new KeytarSecretStore(async () => ({
      ok: false,
      reason: 'the keychain library could not be loaded: libsecret-1.so.0: cannot open shared object file',
    }));
    const probe = await store.probe();
    const failure = await store.set('Incident Console Powernode (prod)', 'password', 'x').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConsoleError);
    expect(failure).toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE', message: probe.message });
    expect(probe.message).toContain('libsecret-1.so.0: cannot open shared object file');
  });
});
