import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KillSwitchState } from '../../src/shared/powernode-schemas';
import { TEST_PASSWORD } from '../fake-powernode/server.mjs';
import { createHarness, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h?.dispose();
});

async function connect(pollMs?: number) {
  h = await createHarness({ pollMs });
  await h.addProfile('prod', 'commander@example.test');
  await h.call('powernode.login', { profile: 'prod', password: TEST_PASSWORD, remember: false });
  await vi.waitFor(() => expect(h.fake.log().some((entry) => entry.path.endsWith('/kill_switch/events') && entry.status === 200)).toBe(true));
}

const pushedStates = () => h.pushed.filter((push) => push.name === 'killSwitch.changed').map((push) => push.payload as KillSwitchState);

describe('freshness is visible', () => {
  it('every answered poll is pushed with a new "checked" time (a working poll and a dead one differ)', async () => {
    await connect(1_000);
    await vi.waitFor(
      () =>
        expect(
          new Set(
            pushedStates()
              .filter((state) => state.state === 'running')
              .map((state) => state.checkedAt),
          ).size,
        ).toBeGreaterThanOrEqual(3),
      { timeout: 6_000 },
    );
    const running = pushedStates().filter((state) => state.state === 'running');
    expect(running.every((state) => state.pollMs === 1_000 && state.problem === null)).toBe(true);
    // Each push is one answered status read.
    const answered = h.fake.log().filter((entry) => entry.path.endsWith('/kill_switch/status') && entry.status === 200).length;
    expect(running.length).toBeLessThanOrEqual(answered);
  });
});

describe('a 429 is honoured by every call of the profile, and the operator may still halt', () => {
  it('after a 429 on the agents list: no poll, no events or agents request until it ends; HALT is sent only when asked despite it', async () => {
    await connect();
    await h.fake.control({ fault: { pathPrefix: '/api/v1/ai/agents', rateLimited: true, retryAfter: 900 } });
    expect((await h.fail('agents.list', { profile: 'prod' })).code).toBe('POWERNODE_RATE_LIMITED');
    const sent = h.fake.log().length;

    const chip = await h.call('killSwitch.status', { profile: 'prod', refresh: true });
    expect(chip.state).toBe('running');
    expect(Date.parse(chip.retryAfter!)).toBeGreaterThan(Date.now() + 890_000);
    const until = `${chip.retryAfter!.slice(0, 19).replace('T', ' ')} UTC`;
    for (const failure of [
      await h.fail('killSwitch.events', { profile: 'prod', limit: 5 }),
      await h.fail('agents.list', { profile: 'prod', search: 'invoice' }),
      await h.fail('killSwitch.previewRestore', { profile: 'prod' }),
    ]) {
      expect(failure).toEqual({
        code: 'POWERNODE_RATE_LIMITED',
        message: `Not sent: Powernode asked this console to wait (429 Too many requests) until ${until}, 15 min from now.`,
      });
    }
    expect(pushedStates().at(-1)!.retryAfter).toBe(chip.retryAfter);

    // HALT without saying "despite it" is not sent (and says so); with it, it goes out and works.
    const notSent = await h.fail('killSwitch.halt', { profile: 'prod', reason: 'Agents deleting data.' });
    expect(notSent.message).toBe(`Not sent: Powernode asked this console to wait (429 Too many requests) until ${until}, 15 min from now.`);
    expect(h.fake.log()).toHaveLength(sent);
    const halted = await h.call('killSwitch.halt', { profile: 'prod', reason: 'Agents deleting data.', despiteRateLimit: true });
    expect(halted).toMatchObject({ result: 'changed', state: { state: 'halted' } });
    expect(
      h.fake
        .log()
        .slice(sent)
        .map((entry) => `${entry.path} ${entry.status}`),
    ).toEqual(['/api/v1/ai/kill_switch/halt 200']);
    const entries = h.allJournalEntries().filter((entry) => entry.kind === 'killswitch_call');
    expect(entries.map((entry) => entry.data!.result)).toEqual(['refused', 'changed']);
  });
});

describe("the envelope's data is optional", () => {
  it('a success without data (an empty payload) is accepted where the answer may be empty', async () => {
    await connect();
    await h.fake.control({ fault: { pathPrefix: '/api/v1/auth/logout', omitData: true } });
    const view = await h.call('powernode.logout', { profile: 'prod' });
    expect(view.state).toBe('logged_out');
    expect(
      h.fake
        .log()
        .filter((entry) => entry.path === '/api/v1/auth/logout')
        .map((entry) => entry.status),
    ).toEqual([200]);
  });

  it('where data is needed, its absence is reported as a missing field', async () => {
    await connect();
    await h.fake.control({ fault: { pathPrefix: '/api/v1/ai/kill_switch/status', omitData: true } });
    const state = await h.call('killSwitch.status', { profile: 'prod', refresh: true });
    expect(state).toMatchObject({ state: 'unknown', lastKnown: 'running' });
    expect(state.problem).toMatch(/^Powernode sent an answer this console does not understand \(HTTP 200, data: /);
  });
});

describe('agents', () => {
  it('every one of 250 agents is reachable through the server pages', async () => {
    h = await createHarness({ agentCount: 250 });
    await h.addProfile('prod', 'commander@example.test');
    await h.call('powernode.login', { profile: 'prod', password: TEST_PASSWORD, remember: false });
    const first = await h.call('agents.list', { profile: 'prod', page: 1, perPage: 50 });
    expect(first).toMatchObject({ page: 1, totalPages: 5, totalCount: 250 });
    const seen = new Set(first.items.map((agent) => agent.id));
    for (let page = 2; page <= first.totalPages; page++) {
      const next = await h.call('agents.list', { profile: 'prod', page, perPage: 50 });
      expect(next.page).toBe(page);
      for (const agent of next.items) seen.add(agent.id);
    }
    expect(seen.size).toBe(250);
    expect([...seen].sort()).toEqual(h.fake.state.agents.map((agent) => agent.id).sort());
  });
});
