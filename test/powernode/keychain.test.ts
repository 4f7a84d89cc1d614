import { afterEach, describe, expect, it } from 'vitest';
import { KeytarSecretStore } from '../../src/main/core/secrets';
import { keychainService } from '../../src/main/core/powernode/profile-store';
import { TEST_PASSWORD } from '../fake-powernode/server.mjs';
import { createHarness, readAllFiles, type Harness } from './harness';

/**
 * The real OS keychain: gnome-keyring's Secret Service on a private D-Bus session (`npm test`
 * sets it up; see PREAMBLE for running this file alone). Without one these tests fail, on purpose.
 */
const store = new KeytarSecretStore();
let h: Harness | undefined;

afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

describe('credentials through the real keychain', () => {
  it('round-trips a secret and deletes every secret of a service', async () => {
    expect(await store.probe()).toEqual({ available: true, message: null });
    const service = keychainService(`roundtrip-${process.pid}`);
    await store.set(service, 'password', 'pä$$ wörd');
    await store.set(service, 'refresh_token', 'r.t.1');
    expect(await store.get(service, 'password')).toBe('pä$$ wörd');
    await store.deleteAll(service);
    expect(await store.get(service, 'password')).toBeNull();
    expect(await store.get(service, 'refresh_token')).toBeNull();
  });

  it('a remembered login keeps password and refresh token in the keychain, a restart resumes, removal deletes them', async () => {
    h = await createHarness({ secrets: store });
    await h.addProfile('kc', 'commander@example.test');
    await h.call('powernode.login', { profile: 'kc', password: TEST_PASSWORD, remember: true });
    const service = keychainService('kc');
    expect(await store.get(service, 'password')).toBe(TEST_PASSWORD);
    const refreshToken = await store.get(service, 'refresh_token');
    expect(h.fake.state.issuedTokens).toContain(refreshToken);
    expect((await h.call('profiles.list', {})).profiles[0]).toMatchObject({ hasStoredPassword: true, hasStoredRefreshToken: true });
    // Nothing secret in the settings file or anywhere in the data dir.
    const files = readAllFiles(h.dataDir);
    for (const secret of [TEST_PASSWORD, ...h.fake.state.issuedTokens]) expect(files).not.toContain(secret);

    // A second service on the same data dir (a restarted console) resumes from the stored refresh token.
    const { createPowernodeService } = await import('../../src/main/core/powernode/powernode-service');
    const { EventBus } = await import('../../src/main/core/event-bus');
    const { systemClock } = await import('../../src/main/core/clock');
    const restarted = createPowernodeService({
      dataDir: h.dataDir,
      operator: 'op',
      clock: systemClock,
      journal: h.journal,
      events: new EventBus(),
      secrets: store,
    });
    try {
      const views = await restarted.handlers['powernode.session']!({});
      expect(views.sessions[0]!.state).toMatch(/can_resume|logged_in/);
      const status = await restarted.handlers['killSwitch.status']!({ profile: 'kc', refresh: true });
      expect(status.state).toBe('running');
    } finally {
      await restarted.close();
    }

    await h.call('profiles.remove', { profile: 'kc' });
    expect(await store.get(service, 'password')).toBeNull();
    expect(await store.get(service, 'refresh_token')).toBeNull();
  });

  it('a this-run-only login leaves nothing in the keychain', async () => {
    h = await createHarness({ secrets: store });
    await h.addProfile('mem', 'commander@example.test');
    await h.call('powernode.login', { profile: 'mem', password: TEST_PASSWORD, remember: false });
    const session = await h.call('powernode.session', {});
    expect(session.sessions[0]).toMatchObject({ state: 'logged_in', storage: 'memory' });
    expect(await store.get(keychainService('mem'), 'password')).toBeNull();
    expect(await store.get(keychainService('mem'), 'refresh_token')).toBeNull();
  });
});
