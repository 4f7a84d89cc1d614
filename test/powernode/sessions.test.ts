import { afterEach, describe, expect, it, vi } from 'vitest';
import { TEST_PASSWORD, TEST_TOTP_SECRET, totp } from '../fake-powernode/server.mjs';
import { createHarness, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h?.dispose();
});

const COMMANDER = 'commander@example.test';
const ONCALL = 'oncall@example.test';
const LOGIN = '/api/v1/auth/login';

const sessionState = async () => (await h.call('powernode.session', {})).sessions.find((session) => session.profile === 'prod')!;

describe('a session survives typos and late answers', () => {
  it('a wrong password on a logged-in profile keeps the session working', async () => {
    h = await createHarness();
    await h.addProfile('prod', COMMANDER);
    await h.call('powernode.login', { profile: 'prod', password: TEST_PASSWORD, remember: false });
    const wrong = await h.fail('powernode.login', { profile: 'prod', password: 'correct horse battery stapel', remember: false });
    expect(wrong).toMatchObject({ code: 'POWERNODE_WRONG_PASSWORD', message: 'Wrong email or password.' });

    expect(await sessionState()).toMatchObject({ state: 'logged_in', user: { email: COMMANDER } });
    expect((await h.call('killSwitch.status', { profile: 'prod', refresh: true })).state).toBe('running');
    const halted = await h.call('killSwitch.halt', { profile: 'prod', reason: 'Still logged in after a typo.' });
    expect(halted).toMatchObject({ result: 'changed', state: { state: 'halted' } });
  });

  it('a refused 2FA code during a new login keeps the established session', async () => {
    h = await createHarness();
    await h.addProfile('prod', ONCALL);
    await h.call('powernode.login', { profile: 'prod', password: TEST_PASSWORD, remember: false });
    await h.call('powernode.verify2fa', { profile: 'prod', code: totp(TEST_TOTP_SECRET) });
    // Logging in again (say, to remember it this time) asks for a code; a mistyped one is refused.
    expect((await h.call('powernode.login', { profile: 'prod', password: TEST_PASSWORD, remember: false })).session.state).toBe('needs_2fa');
    const wrongCode = totp(TEST_TOTP_SECRET) === '000000' ? '111111' : '000000';
    expect((await h.fail('powernode.verify2fa', { profile: 'prod', code: wrongCode })).code).toBe('POWERNODE_2FA_FAILED');

    expect(await sessionState()).toMatchObject({ state: 'logged_in', user: { email: ONCALL } });
    expect((await h.call('killSwitch.status', { profile: 'prod', refresh: true })).state).toBe('running');
  });

  it('concurrent 2FA answers: a late refusal cannot delete the session the other one just established', async () => {
    h = await createHarness();
    await h.addProfile('prod', ONCALL);
    await h.call('powernode.login', { profile: 'prod', password: TEST_PASSWORD, remember: false });
    const wrongCode = totp(TEST_TOTP_SECRET) === '000000' ? '111111' : '000000';
    // The right code is answered first; the wrong one is held back, so its refusal comes last.
    await h.fake.control({ fault: { pathPrefix: '/api/v1/auth/verify-2fa', delayMs: 300 } });
    const [late, first] = await Promise.allSettled([
      h.call('powernode.verify2fa', { profile: 'prod', code: wrongCode }),
      new Promise((resolve) => setTimeout(resolve, 50)).then(() => h.call('powernode.verify2fa', { profile: 'prod', code: totp(TEST_TOTP_SECRET) })),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(late.status).toBe('rejected');
    expect(await sessionState()).toMatchObject({ state: 'logged_in', user: { email: ONCALL } });
    expect((await h.call('killSwitch.status', { profile: 'prod', refresh: true })).state).toBe('running');
  });

  it('a refresh that fails (the server errs) leaves the session, and the next call refreshes it', async () => {
    h = await createHarness();
    await h.fake.control({ accessTtlSeconds: 1 });
    await h.addProfile('prod', COMMANDER);
    await h.call('powernode.login', { profile: 'prod', password: TEST_PASSWORD, remember: false });
    await h.fake.control({ accessTtlSeconds: 900 });
    // Every refresh errs from now on: the token may expire within milliseconds of the login (its
    // exp is in whole seconds), and the kill switch monitor's first check, made at login, would
    // otherwise refresh it before the fault was set.
    await h.fake.control({ fault: { pathPrefix: '/api/v1/auth/refresh', status: 500, times: 1_000 } });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await h.fail('killSwitch.events', { profile: 'prod', limit: 5 })).code).toBe('POWERNODE_SERVER_ERROR');
    expect((await sessionState()).state).toBe('logged_in');
    await h.fake.control({ clearFaults: true });
    expect((await h.call('killSwitch.events', { profile: 'prod', limit: 5 })).events).toEqual([]);
  });
});

describe('lasting 401s are shown verbatim, with what to do', () => {
  it('"Account suspended" and "User inactive": not retried, the session kept, working again once fixed', async () => {
    h = await createHarness();
    await h.addProfile('prod', COMMANDER);
    await h.call('powernode.login', { profile: 'prod', password: TEST_PASSWORD, remember: false });
    await h.fake.control({ accountStatus: 'suspended' });
    await h.fake.control({ clearLog: true });
    const suspended = await h.fail('killSwitch.events', { profile: 'prod', limit: 5 });
    expect(suspended.code).toBe('POWERNODE_ACCESS_REFUSED');
    expect(suspended.message).toMatch(
      /^Powernode refused the session: "Account suspended"\. The Powernode account \(organisation\) is suspended or cancelled; logging in again will not help\. Ask a Powernode admin to reactivate it\.$/,
    );
    // No refresh was tried: no token cures it.
    expect(h.fake.log().map((entry) => entry.path)).toEqual(['/api/v1/ai/kill_switch/events']);
    const chip = await h.call('killSwitch.status', { profile: 'prod', refresh: true });
    expect(chip).toMatchObject({ state: 'unknown', problem: expect.stringContaining('"Account suspended"') });

    await h.fake.control({ accountStatus: 'active', user: { email: COMMANDER, status: 'inactive' } });
    const inactive = await h.fail('killSwitch.events', { profile: 'prod', limit: 5 });
    expect(inactive).toMatchObject({
      code: 'POWERNODE_ACCESS_REFUSED',
      message: expect.stringMatching(/^Powernode refused the session: "User inactive"\. .*Ask a Powernode admin to reactivate it/),
    });

    await h.fake.control({ user: { email: COMMANDER, noAccount: true, status: 'active' } });
    expect((await h.fail('killSwitch.events', { profile: 'prod', limit: 5 })).message).toMatch(/^Powernode refused the session: "No account associated"\. /);

    await h.fake.control({ user: { email: COMMANDER, noAccount: false } });
    expect((await sessionState()).state).toBe('logged_in');
    expect((await h.call('killSwitch.status', { profile: 'prod', refresh: true })).state).toBe('running');
  });
});

describe("the server's login limits (5 per hour per email, 10 per hour per IP)", () => {
  it('the sixth attempt for one email is rate limited, and the console sends no more logins until the window ends', async () => {
    h = await createHarness();
    await h.fake.control({ loginLimits: true });
    await h.addProfile('prod', 'nobody@example.test');
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await h.fail('powernode.login', { profile: 'prod', password: 'guess', remember: false })).code).toBe('POWERNODE_WRONG_PASSWORD');
    }
    const sixth = await h.fail('powernode.login', { profile: 'prod', password: 'guess', remember: false });
    expect(sixth.code).toBe('POWERNODE_RATE_LIMITED');
    expect(sixth.message).toMatch(/retry in 60 min, after \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\.$/);
    const sent = h.fake.log().filter((entry) => entry.path === LOGIN).length;
    const seventh = await h.fail('powernode.login', { profile: 'prod', password: 'guess', remember: false });
    expect(seventh.message).toMatch(/^Not sent: Powernode asked this console to wait \(429 Too many requests\) until .+ UTC, 60 min from now\.$/);
    expect(h.fake.log().filter((entry) => entry.path === LOGIN)).toHaveLength(sent);
  });

  it('the eleventh attempt from one address is rate limited, whatever the email', async () => {
    h = await createHarness();
    await h.fake.control({ loginLimits: true });
    for (let attempt = 1; attempt <= 10; attempt++) {
      await h.addProfile(`p${attempt}`, `someone${attempt}@example.test`);
      expect((await h.fail('powernode.login', { profile: `p${attempt}`, password: 'guess', remember: false })).code).toBe('POWERNODE_WRONG_PASSWORD');
    }
    await h.addProfile('prod', COMMANDER);
    expect((await h.fail('powernode.login', { profile: 'prod', password: TEST_PASSWORD, remember: false })).code).toBe('POWERNODE_RATE_LIMITED');
    expect(
      h.fake
        .log()
        .filter((entry) => entry.path === LOGIN)
        .map((entry) => entry.status),
    ).toEqual([...Array(10).fill(401), 429]);
  });
});

describe('several logins at once', () => {
  it('a late login answer cannot replace the session of a newer login', async () => {
    h = await createHarness();
    await h.addProfile('prod', COMMANDER);
    await h.fake.control({ fault: { pathPrefix: LOGIN, delayMs: 300 } });
    const older = h.call('powernode.login', { profile: 'prod', password: TEST_PASSWORD, remember: false });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const newer = await h.call('powernode.login', { profile: 'prod', password: TEST_PASSWORD, remember: false });
    expect(newer.session.state).toBe('logged_in');
    const expiresAfterNewer = (await sessionState()).accessExpiresAt;
    await older;
    await vi.waitFor(async () => expect((await sessionState()).accessExpiresAt).toBe(expiresAfterNewer));
  });
});
