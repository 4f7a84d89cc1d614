import type { LookupFunction } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { TEST_PASSWORD, TEST_TOTP_SECRET, totp } from '../fake-powernode/server.mjs';
import { createHarness, readAllFiles, type Harness } from './harness';

const COMMANDER = 'commander@example.test';
const ONCALL = 'oncall@example.test';
const VIEWER = 'viewer@example.test';

let h: Harness;

/** Logs in and waits for what the console reads on connect (status, then the event list). */
async function loginAs(email: string, profile = 'prod', waitForConnect = email !== VIEWER) {
  await h.addProfile(profile, email);
  const answer = await h.call('powernode.login', { profile, password: TEST_PASSWORD, remember: false });
  if (waitForConnect) await vi.waitFor(() => expect(requestsTo('/api/v1/ai/kill_switch/events').some((entry) => entry.status === 200)).toBe(true));
  return answer;
}

function requestsTo(path: string) {
  return h.fake.log().filter((entry) => entry.path === path);
}

function killswitchEntries() {
  return h.allJournalEntries().filter((entry) => entry.kind === 'killswitch_call');
}

describe('Powernode client against the fake server over loopback HTTP', () => {
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await h.dispose();
  });

  it('logs in, halts with a reason, and journals it into a new incident when none is open', async () => {
    const login = await loginAs(COMMANDER);
    expect(login.session.state).toBe('logged_in');
    expect(login.session.user?.email).toBe(COMMANDER);

    const result = await h.call('killSwitch.halt', { profile: 'prod', reason: 'Agents are emailing customers in a loop.' });
    expect(result.state.state).toBe('halted');
    expect(result.state.haltedBy?.name).toBe('casey');
    expect(result.state.reason).toBe('Agents are emailing customers in a loop.');
    expect(result.alreadyInState).toBe(false);
    expect(result.incidentId).toBeTruthy();

    const incident = h.journal.getIncident(result.incidentId!);
    expect(incident.title).toContain('Agents are emailing customers in a loop.');
    const entries = h.journal.allEntries(result.incidentId!).filter((entry) => entry.kind === 'killswitch_call');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.text).toBe('Agents are emailing customers in a loop.');
    expect(entries[0]!.data).toMatchObject({ action: 'halt', profile: 'prod', httpStatus: 200, ok: true });
    expect(h.pushed.some((push) => push.name === 'killSwitch.changed' && (push.payload as { state: string }).state === 'halted')).toBe(true);
  });

  it("a halt's impact (snake_case on the wire) reaches the outcome and the history in the console's Impact", async () => {
    await loginAs(COMMANDER);
    const active = h.fake.state.agents.filter((agent) => agent.status === 'active').length;
    const halted = await h.call('killSwitch.halt', { profile: 'prod', reason: 'Agents are emailing customers in a loop.' });
    expect(halted.outcome).toContain(`Impact: 3 executions and 4 tasks cancelled, 2 loops paused, ${active} agents demoted.`);
    expect(killswitchEntries()[0]!.data).toMatchObject({ outcome: expect.stringContaining('Impact: 3 executions and 4 tasks cancelled') });
    const afterHalt = await h.call('killSwitch.events', { profile: 'prod', limit: 5 });
    expect(afterHalt.events[0]).toMatchObject({
      type: 'halt',
      impact: { cancelledExecutions: 3, pausedLoops: 2, pausedSchedules: 1, cancelledTasks: 4, demotedAgents: active },
    });
    await h.call('killSwitch.resume', { profile: 'prod', summary: 'Stopped the looping campaign.', mode: 'full', incidentId: halted.incidentId! });
    const afterResume = await h.call('killSwitch.events', { profile: 'prod', limit: 5 });
    expect(afterResume.events[0]).toMatchObject({ type: 'resume', impact: null });
    // What a resume would restore comes from the same halt's snapshot.
    const restore = await h.call('killSwitch.previewRestore', { profile: 'prod' });
    expect(restore).toEqual({
      preview: {
        agentsToRestore: active,
        totalAgents: h.fake.state.agents.length,
        ralphLoopsToResume: 2,
        workflowSchedulesToResume: 1,
        snapshotTakenAt: expect.any(String),
      },
      message: null,
    });
  });

  it('resume sends only the mode; the remediation summary is the journal entry text', async () => {
    await loginAs(COMMANDER);
    const halted = await h.call('killSwitch.halt', { profile: 'prod', reason: 'Runaway agent spend.' });
    const resumed = await h.call('killSwitch.resume', {
      profile: 'prod',
      summary: 'Rolled back the prompt change; spend back to normal.',
      mode: 'minimal',
      incidentId: halted.incidentId!,
    });
    expect(resumed.state.state).toBe('running');
    expect(h.fake.state.killSwitch.events[0]).toMatchObject({ event_type: 'resume', resume_mode: 'minimal', reason: 'AI activity resumed (mode: minimal)' });
    const entry = h.journal
      .allEntries(halted.incidentId!)
      .filter((e) => e.kind === 'killswitch_call')
      .at(-1)!;
    expect(entry.text).toBe('Rolled back the prompt change; spend back to normal.');
    expect(entry.data).toMatchObject({ action: 'resume', mode: 'minimal', httpStatus: 200, ok: true });
  });

  it('a second halt or a resume with nothing halted is information (409), shown as the current state', async () => {
    await loginAs(COMMANDER);
    const first = await h.call('killSwitch.halt', { profile: 'prod', reason: 'First halt of the night.' });
    const second = await h.call('killSwitch.halt', { profile: 'prod', reason: 'Second halt pressed.', incidentId: first.incidentId! });
    expect(second).toMatchObject({ result: 'unchanged', alreadyInState: true });
    expect(second.state.state).toBe('halted');
    expect(second.outcome).toMatch(
      /^Already halted by casey <commander@example\.test> since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC: nothing changed \(409: AI activity is already suspended\)\.$/,
    );
    await h.call('killSwitch.resume', { profile: 'prod', summary: 'Fixed the cause.', mode: 'full', incidentId: first.incidentId! });
    const again = await h.call('killSwitch.resume', { profile: 'prod', summary: 'Fixed the cause twice.', mode: 'full', incidentId: first.incidentId! });
    expect(again).toMatchObject({ result: 'unchanged', alreadyInState: true });
    expect(again.outcome).toMatch(
      /^Not halted: AI already running since .+ UTC \(resumed by casey <commander@example\.test>\): nothing changed \(409: AI activity is not currently suspended\)\.$/,
    );
    const entries = h.journal.allEntries(first.incidentId!).filter((e) => e.kind === 'killswitch_call');
    expect(entries.map((e) => [e.data!.httpStatus, e.data!.result])).toEqual([
      [200, 'changed'],
      [409, 'unchanged'],
      [200, 'changed'],
      [409, 'unchanged'],
    ]);
  });

  it('logs in with 2FA: a wrong code has its own message, the right TOTP code completes the login', async () => {
    await h.addProfile('prod', ONCALL);
    const first = await h.call('powernode.login', { profile: 'prod', password: TEST_PASSWORD, remember: false });
    expect(first.session.state).toBe('needs_2fa');
    const wrongCode = totp(TEST_TOTP_SECRET) === '000000' ? '111111' : '000000';
    const failure = await h.fail('powernode.verify2fa', { profile: 'prod', code: wrongCode });
    expect(failure.code).toBe('POWERNODE_2FA_FAILED');
    expect(failure.message).toMatch(/2FA code was not accepted/);

    await h.call('powernode.login', { profile: 'prod', password: TEST_PASSWORD, remember: false });
    const done = await h.call('powernode.verify2fa', { profile: 'prod', code: totp(TEST_TOTP_SECRET) });
    expect(done.session.state).toBe('logged_in');
    expect(done.session.user?.name).toBe('robin');
  });

  it('wrong password and account lock after 5 failures each have their own message', async () => {
    await h.addProfile('prod', COMMANDER);
    const wrong = await h.fail('powernode.login', { profile: 'prod', password: 'nope', remember: false });
    expect(wrong).toMatchObject({ code: 'POWERNODE_WRONG_PASSWORD', message: 'Wrong email or password.' });
    for (let attempt = 2; attempt <= 4; attempt++) await h.fail('powernode.login', { profile: 'prod', password: 'nope', remember: false });
    const locking = await h.fail('powernode.login', { profile: 'prod', password: 'nope', remember: false });
    expect(locking.code).toBe('POWERNODE_ACCOUNT_LOCKED');
    const locked = await h.fail('powernode.login', { profile: 'prod', password: TEST_PASSWORD, remember: false });
    expect(locked.code).toBe('POWERNODE_ACCOUNT_LOCKED');
    expect(locked.message).toMatch(/locked after too many wrong passwords/);
  });

  it('a missing permission names it (403) and the refused halt is journaled', async () => {
    await loginAs(VIEWER);
    const failure = await h.fail('killSwitch.halt', { profile: 'prod', reason: 'Viewer tries to halt.' });
    expect(failure.code).toBe('POWERNODE_PERMISSION_DENIED');
    expect(failure.message).toContain('Permission denied: ai.kill_switch.manage');
    const entry = killswitchEntries().at(-1)!;
    expect(entry.data).toMatchObject({ action: 'halt', httpStatus: 403, ok: false, result: 'refused' });
    expect(entry.data!.outcome).toMatch(/^HALT not carried out: .*ai\.kill_switch\.manage/);
  });

  it('429 says when to retry, and polling honours Retry-After without asking again', async () => {
    await loginAs(COMMANDER);
    await h.fake.control({ fault: { pathPrefix: '/api/v1/ai/kill_switch/status', rateLimited: true } });
    const asked = Date.now();
    const state = await h.call('killSwitch.status', { profile: 'prod', refresh: true });
    expect(state.state).toBe('unknown');
    expect(state.lastKnown).toBe('running');
    // The clock time it ends (Retry-After 900 s), not a relative text that never moves.
    expect(Date.parse(state.retryAfter!)).toBeGreaterThanOrEqual(asked + 900_000);
    expect(Date.parse(state.retryAfter!)).toBeLessThanOrEqual(Date.now() + 900_000);
    expect(state.problem).toBe(
      `Powernode is rate limiting this address (429 Too many requests): no request before ${state.retryAfter!.slice(0, 19).replace('T', ' ')} UTC.`,
    );
    expect(state.unknownSince).not.toBeNull();
    const before = requestsTo('/api/v1/ai/kill_switch/status').length;
    const again = await h.call('killSwitch.status', { profile: 'prod', refresh: true });
    expect(again.state).toBe('unknown');
    expect(requestsTo('/api/v1/ai/kill_switch/status').length).toBe(before);
  });

  it('a rate-limited login says so, with the hour the server asks to wait', async () => {
    await h.addProfile('prod', COMMANDER);
    await h.fake.control({ fault: { pathPrefix: '/api/v1/auth/login', rateLimited: true } });
    const failure = await h.fail('powernode.login', { profile: 'prod', password: TEST_PASSWORD, remember: false });
    expect(failure.code).toBe('POWERNODE_RATE_LIMITED');
    expect(failure.message).toMatch(
      /^Powernode is rate limiting this address \(429 Too many requests\); retry in 60 min, after \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\.$/,
    );
  });

  it('a 500 on halt is "sent, outcome unknown", then settled from the server: here it had not taken effect', async () => {
    await loginAs(COMMANDER);
    await h.fake.control({ fault: { pathPrefix: '/api/v1/ai/kill_switch/halt', status: 500 } });
    const answer = await h.call('killSwitch.halt', { profile: 'prod', reason: 'Halt during a server fault.' });
    expect(answer.result).toBe('unknown');
    expect(answer.outcome).toMatch(
      /^HALT sent, outcome unknown: Powernode had an internal error \(HTTP 500\); the action may or may not have happened\. Confirming/,
    );
    expect(answer.state.pending).toMatchObject({ action: 'halt' });
    await vi.waitFor(() => expect(killswitchEntries()).toHaveLength(2));
    const [sent, settled] = killswitchEntries();
    expect(sent!.data).toMatchObject({ httpStatus: 500, ok: false, result: 'unknown' });
    expect(settled!.data).toMatchObject({ ok: false, result: 'not_applied', settles: sent!.id });
    expect(settled!.data!.outcome).toMatch(/not halted \(AI running\).*the HALT had not taken effect/);
    expect(h.fake.state.killSwitch.halted).toBe(false);
  });

  it('an answer in an unknown shape is "malformed", not a crash', async () => {
    await loginAs(COMMANDER);
    await h.fake.control({ fault: { pathPrefix: '/api/v1/ai/kill_switch/events', malformed: true } });
    const failure = await h.fail('killSwitch.events', { profile: 'prod', limit: 5 });
    expect(failure.code).toBe('POWERNODE_MALFORMED_ANSWER');
    expect(failure.message).toContain('events');
  });

  it('an expired access token is refreshed once, invisibly, through the refresh cookie', async () => {
    // JWT expiry has whole-second resolution: 2 s keeps the refreshed token valid for the retry.
    await h.fake.control({ accessTtlSeconds: 2 });
    await loginAs(COMMANDER);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await h.fake.control({ clearLog: true });
    const state = await h.call('killSwitch.status', { profile: 'prod', refresh: true });
    expect(state.state).toBe('running');
    expect(requestsTo('/api/v1/auth/refresh').map((entry) => entry.status)).toEqual([200]);
    expect(requestsTo('/api/v1/ai/kill_switch/status').map((entry) => entry.status)).toEqual([401, 200]);
  });

  it('a second 401 after a refresh asks for a new login', async () => {
    await h.fake.control({ accessTtlSeconds: 0 });
    await loginAs(COMMANDER, 'prod', false);
    const failure = await h.fail('killSwitch.events', { profile: 'prod', limit: 5 });
    expect(failure.code).toBe('POWERNODE_LOGIN_REQUIRED');
    expect(failure.message).toMatch(/log in again/);
    expect(requestsTo('/api/v1/auth/refresh')).toHaveLength(1);
    const session = await h.call('powernode.session', {});
    expect(session.sessions[0]!.state).toBe('logged_out');
  });

  it('a refused refresh (permissions changed) asks for a new login', async () => {
    await h.fake.control({ accessTtlSeconds: 1 });
    await loginAs(COMMANDER);
    await h.fake.control({ permissions: { email: COMMANDER, permissions: ['ai.kill_switch.manage'] } });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const failure = await h.fail('killSwitch.events', { profile: 'prod', limit: 5 });
    expect(failure.code).toBe('POWERNODE_LOGIN_REQUIRED');
  });

  it('agents: list with search, pause with journaling, and a refused transition keeps the server message', async () => {
    await loginAs(COMMANDER);
    const list = await h.call('agents.list', { profile: 'prod', search: 'invoice' });
    expect(list.items.map((agent) => agent.name)).toEqual(['Invoice Reconciler']);
    const paused = await h.call('agents.pause', { profile: 'prod', agentId: list.items[0]!.id });
    expect(paused.agent.status).toBe('paused');
    expect(paused.incidentId).toBeTruthy();
    const again = await h.fail('agents.pause', { profile: 'prod', agentId: list.items[0]!.id, incidentId: paused.incidentId! });
    expect(again.code).toBe('POWERNODE_REJECTED');
    expect(again.message).toContain('Agent must be active to pause');
    const calls = h.journal.allEntries(paused.incidentId!).filter((e) => e.kind === 'powernode_call');
    expect(calls.map((e) => [e.data!.operation, e.data!.httpStatus, e.data!.ok])).toEqual([
      ['agent.pause', 200, true],
      ['agent.pause', 422, false],
    ]);
  });

  it('an unreachable server turns the state into "unknown since" the first failure, not a stale "running"', async () => {
    await loginAs(COMMANDER);
    const running = await h.call('killSwitch.status', { profile: 'prod', refresh: true });
    expect(running.state).toBe('running');
    await h.fake.control({ fault: { pathPrefix: '/api/v1/ai/kill_switch/status', status: 500, times: 2 } });
    const first = await h.call('killSwitch.status', { profile: 'prod', refresh: true });
    expect(first).toMatchObject({ state: 'unknown', problem: expect.stringContaining('internal error (HTTP 500)') });
    const second = await h.call('killSwitch.status', { profile: 'prod', refresh: true });
    expect(second.unknownSince).toBe(first.unknownSince);
    const back = await h.call('killSwitch.status', { profile: 'prod', refresh: true });
    expect(back).toMatchObject({ state: 'running', unknownSince: null, problem: null });
  });

  it('login and logout outcomes go into the open incident, without the password', async () => {
    const incident = h.journal.createIncident({ title: 'Spend spike', detectedBy: 'pager' });
    await h.addProfile('prod', COMMANDER);
    await h.fail('powernode.login', { profile: 'prod', password: 'wrong-horse', remember: false, incidentId: incident.id });
    await h.call('powernode.login', { profile: 'prod', password: TEST_PASSWORD, remember: false, incidentId: incident.id });
    await h.call('powernode.logout', { profile: 'prod', incidentId: incident.id });
    const calls = h.journal.allEntries(incident.id).filter((entry) => entry.kind === 'powernode_call');
    expect(calls.map((entry) => [entry.data!.operation, entry.data!.httpStatus, entry.data!.ok])).toEqual([
      ['login', 401, false],
      ['login', 200, true],
      ['logout', 200, true],
    ]);
    expect(calls[0]!.data!.outcome).toBe('Wrong email or password.');
    expect(JSON.stringify(calls)).not.toContain('wrong-horse');
    expect(JSON.stringify(calls)).not.toContain(TEST_PASSWORD);
  });

  it('never writes the password or any token into the data directory or the pushed events', async () => {
    await loginAs(COMMANDER);
    const halted = await h.call('killSwitch.halt', { profile: 'prod', reason: 'Secret scan halt.' });
    await h.call('killSwitch.resume', { profile: 'prod', summary: 'Secret scan resume.', mode: 'full', incidentId: halted.incidentId! });
    await h.call('powernode.logout', { profile: 'prod', incidentId: halted.incidentId! });
    const haystack = readAllFiles(h.dataDir) + JSON.stringify(h.pushed);
    expect(h.fake.state.issuedTokens.length).toBeGreaterThan(1);
    for (const secret of [TEST_PASSWORD, ...h.fake.state.issuedTokens]) expect(haystack).not.toContain(secret);
    expect(haystack).toContain('Secret scan halt.');
  });
});

describe('transport failures each have their own plain message', () => {
  afterEach(async () => {
    await h.dispose();
  });

  it('timeout', async () => {
    h = await createHarness({ timeouts: { connectMs: 1_000, headersMs: 300, bodyMs: 300 } });
    await loginAs(COMMANDER);
    await h.fake.control({ clearLog: true });
    await h.fake.control({ fault: { pathPrefix: '/api/v1/ai/kill_switch/events', delayMs: 1_500 } });
    const failure = await h.fail('killSwitch.events', { profile: 'prod', limit: 5 });
    expect(failure.code).toBe('POWERNODE_TIMEOUT');
    expect(failure.message).toContain('did not answer within 0.3 s (response timeout)');
  });

  it('connection refused', async () => {
    h = await createHarness();
    const port = await closedPort();
    await h.addProfile('dead', COMMANDER, `http://127.0.0.1:${port}`);
    const failure = await h.fail('powernode.login', { profile: 'dead', password: TEST_PASSWORD, remember: false });
    expect(failure.code).toBe('POWERNODE_CONNECTION_REFUSED');
    expect(failure.message).toContain(`Connection refused by 127.0.0.1:${port}`);
  });

  it('connection closed mid-request', async () => {
    h = await createHarness();
    await loginAs(COMMANDER);
    await h.fake.control({ fault: { pathPrefix: '/api/v1/ai/kill_switch/halt', closeConnection: true } });
    const answer = await h.call('killSwitch.halt', { profile: 'prod', reason: 'Halt while the proxy drops us.' });
    expect(answer.result).toBe('unknown');
    expect(answer.outcome).toContain('closed before an answer arrived; the request may or may not have been carried out');
    expect(killswitchEntries()[0]!.data).toMatchObject({ httpStatus: null, ok: false, result: 'unknown' });
  });

  it('DNS failure', async () => {
    // Tests send nothing off this machine, DNS included: a resolver that knows no such host
    // answers exactly as getaddrinfo does for a mistyped name.
    const noSuchHost: LookupFunction = (hostname, _options, callback) =>
      callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname, syscall: 'getaddrinfo' }), '', 4);
    await h.dispose();
    h = await createHarness({ dnsLookup: noSuchHost });
    await h.addProfile('typo', COMMANDER, 'http://powernode.invalid');
    const failure = await h.fail('powernode.login', { profile: 'typo', password: TEST_PASSWORD, remember: false });
    expect(failure.code).toBe('POWERNODE_DNS_FAILURE');
    expect(failure.message).toContain('"powernode.invalid" could not be resolved');
  });

  it('an answer larger than the console reads is cut off: malformed, not a crash', async () => {
    // A server (not the fake: it never answers this) that sends 5 MB of JSON for a login.
    const flood = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ success: true, data: { padding: 'x'.repeat(5 * 1024 * 1024) } }));
    });
    await new Promise<void>((resolve) => flood.listen(0, '127.0.0.1', resolve));
    try {
      h = await createHarness();
      const { port } = flood.address() as { port: number };
      await h.addProfile('flood', COMMANDER, `http://127.0.0.1:${port}`);
      const failure = await h.fail('powernode.login', { profile: 'flood', password: TEST_PASSWORD, remember: false });
      expect(failure).toMatchObject({ code: 'POWERNODE_MALFORMED_ANSWER', message: `Powernode at 127.0.0.1:${port} sent an answer larger than 4 MB.` });
    } finally {
      flood.closeAllConnections();
      await new Promise<void>((resolve) => flood.close(() => resolve()));
    }
  });
});

/** A port that was free a moment ago and has nothing listening now. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
