import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EntryData, TimelineEntry } from '../../src/shared/model';
import { TEST_PASSWORD } from '../fake-powernode/server.mjs';
import { createHarness, type Harness } from './harness';
import { stripMarkCount } from '../support/strip-marks';

let h: Harness;
afterEach(async () => {
  await h?.dispose();
});

const ksData = (entry: TimelineEntry) => entry.data as EntryData<'killswitch_call'>;
const STATUS = '/api/v1/ai/kill_switch/status';
const EVENTS = '/api/v1/ai/kill_switch/events';

async function connect(email = 'commander@example.test', incidentId?: string) {
  await h.addProfile('prod', email);
  await h.call('powernode.login', { profile: 'prod', password: TEST_PASSWORD, remember: false, incidentId });
  // What the console reads on connect: the status, then (when allowed) the event list.
  const read = email === 'viewer@example.test' ? STATUS : EVENTS;
  await vi.waitFor(() => expect(h.fake.log().some((entry) => entry.path === read && entry.status !== 0)).toBe(true));
}

const calls = (incidentId: string) => h.journal.allEntries(incidentId).filter((entry) => entry.kind === 'killswitch_call');

describe("the journal follows the server's kill-switch history", () => {
  it('halt twice, resume twice: one halt and one resume in the post-mortem, two "nothing changed" in the full timeline only', async () => {
    h = await createHarness();
    const incident = h.journal.createIncident({ title: 'Runaway agent spend', detectedBy: 'billing alert' });
    await connect('commander@example.test', incident.id);
    const at = { profile: 'prod', incidentId: incident.id };
    expect((await h.call('killSwitch.halt', { ...at, reason: 'Stop the spend now.' })).result).toBe('changed');
    expect((await h.call('killSwitch.halt', { ...at, reason: 'Pressed HALT again.' })).result).toBe('unchanged');
    expect((await h.call('killSwitch.resume', { ...at, summary: 'Capped the budget.', mode: 'full' })).result).toBe('changed');
    expect((await h.call('killSwitch.resume', { ...at, summary: 'Pressed resume again.', mode: 'full' })).result).toBe('unchanged');
    // The reads that follow each action (events) find nothing new to journal.
    await vi.waitFor(() => expect(h.fake.log().filter((entry) => entry.path === EVENTS && entry.status === 200).length).toBeGreaterThanOrEqual(5));

    const entries = calls(incident.id);
    expect(entries.map((entry) => ksData(entry).result)).toEqual(['changed', 'unchanged', 'changed', 'unchanged']);
    const nothingChanged = entries.filter((entry) => ksData(entry).outcome.includes('nothing changed'));
    expect(nothingChanged.map((entry) => entry.text)).toEqual(['Pressed HALT again.', 'Pressed resume again.']);
    expect(entries.filter((entry) => ksData(entry).serverEventId).map((entry) => ksData(entry).serverEventId)).toEqual(
      [...h.fake.state.killSwitch.events].reverse().map((event) => event.id),
    );

    const { markdown, html } = await h.postmortem(incident.id);
    expect(markdown.match(/Kill switch: platform halted/g)).toHaveLength(1);
    expect(markdown.match(/Kill switch: platform resumed/g)).toHaveLength(1);
    expect(markdown).toContain('Kill switch: platform halted by casey &lt;commander@example.test&gt; (prod): Stop the spend now.');
    expect(markdown).not.toContain('nothing changed');
    expect(markdown).not.toContain('Pressed HALT again.');
    expect(stripMarkCount(html, 'halt')).toBe(1);
    expect(stripMarkCount(html, 'resume')).toBe(1);
    expect(html.match(/class="halted-period"/g)).toHaveLength(1);
  });

  it('a halt made directly on the server by another user is journaled once, on the first poll after it', async () => {
    h = await createHarness({ pollMs: 1_000 });
    const incident = h.journal.createIncident({ title: 'Agents emailing customers', detectedBy: 'support' });
    await connect('commander@example.test', incident.id);
    const mark = h.fake.log().length;
    const done = await h.fake.control({ act: { as: 'oncall@example.test', action: 'halt', reason: 'Robin halted from the web UI.' } });

    await vi.waitFor(() => expect(calls(incident.id)).toHaveLength(1), { timeout: 5_000 });
    const [observed] = calls(incident.id);
    expect(observed!.text).toBe('Robin halted from the web UI.');
    expect(ksData(observed!)).toMatchObject({ action: 'halt', ok: true, result: 'observed', serverEventId: done.event!.id, by: 'robin <oncall@example.test>' });
    expect(ksData(observed!).outcome).toMatch(
      /^Observed on the server: halted by robin <oncall@example\.test> at .+ UTC, reason "Robin halted from the web UI\." \(server event /,
    );
    expect(observed!.occurredAt).toBe(new Date(done.event!.created_at).toISOString());
    // Found by the first status poll after the halt: one status read, then the event list.
    const reads = h.fake
      .log()
      .slice(mark)
      .filter((entry) => Date.parse(entry.at) <= Date.parse(observed!.recordedAt));
    expect(reads.filter((entry) => entry.path === STATUS)).toHaveLength(1);
    expect(reads.at(-1)!.path).toBe(EVENTS);

    // Later polls (and a reconnect's read of the history) add nothing: the event is journaled once.
    const polled = h.fake.log().filter((entry) => entry.path === STATUS).length;
    await vi.waitFor(() => expect(h.fake.log().filter((entry) => entry.path === STATUS && entry.status === 200).length).toBeGreaterThanOrEqual(polled + 2), {
      timeout: 6_000,
    });
    await h.call('killSwitch.events', { profile: 'prod', limit: 20 });
    expect(calls(incident.id)).toHaveLength(1);
    const chip = (await h.call('killSwitch.overview', {})).states[0]!;
    expect(chip).toMatchObject({ state: 'halted', haltedBy: { name: 'robin' }, reason: 'Robin halted from the web UI.' });
  });

  it('on connect: the halt in effect and what happened since the incident started are journaled; older history is not', async () => {
    h = await createHarness();
    await h.fake.control({ act: { as: 'oncall@example.test', action: 'halt', reason: 'Last month’s drill.' } });
    await h.fake.control({ act: { as: 'oncall@example.test', action: 'resume', mode: 'full' } });
    await h.fake.control({ act: { as: 'oncall@example.test', action: 'halt', reason: 'Halted before anyone opened the console.' } });
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // server times have whole seconds
    const incident = h.journal.createIncident({ title: 'Data exfiltration suspected', detectedBy: 'security' });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await h.fake.control({ act: { as: 'oncall@example.test', action: 'resume', mode: 'minimal' } });
    await h.fake.control({ act: { as: 'oncall@example.test', action: 'halt', reason: 'Halted again from MCP.' } });
    await connect('commander@example.test', incident.id);

    await vi.waitFor(() => expect(calls(incident.id)).toHaveLength(2));
    const observed = calls(incident.id);
    expect(observed.map((entry) => [ksData(entry).action, ksData(entry).result, entry.text])).toEqual([
      ['resume', 'observed', 'AI activity resumed (mode: minimal)'],
      ['halt', 'observed', 'Halted again from MCP.'],
    ]);
  });

  it('a halt in effect since before the incident started is journaled on connect, at its own time', async () => {
    h = await createHarness();
    const done = await h.fake.control({ act: { as: 'oncall@example.test', action: 'halt', reason: 'Halted at the first alert.' } });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const incident = h.journal.createIncident({ title: 'Agents misbehaving', detectedBy: 'pager' });
    await connect('commander@example.test', incident.id);
    await vi.waitFor(() => expect(calls(incident.id)).toHaveLength(1));
    const [observed] = calls(incident.id);
    expect(ksData(observed!)).toMatchObject({ result: 'observed', serverEventId: done.event!.id });
    expect(observed!.occurredAt! < incident.startedAt).toBe(true);
    const { markdown, html } = await h.postmortem(incident.id);
    expect(markdown).toContain('Kill switch: platform halted by robin &lt;oncall@example.test&gt; (prod, seen on the server): Halted at the first alert.');
    // Drawn at the strip's left edge (the window starts with the incident), halted to the end.
    expect(html).toMatch(/<line x1="90\.0" x2="90\.0"[^>]*stroke="#b3131b"/);
    expect(html.match(/class="halted-period"/g)).toHaveLength(1);
  });

  it('ten failed halts with no incident open leave exactly one new incident, holding all ten attempts', async () => {
    h = await createHarness();
    await connect('viewer@example.test');
    for (let attempt = 1; attempt <= 10; attempt++) {
      const failure = await h.fail('killSwitch.halt', { profile: 'prod', reason: `Viewer halt attempt ${attempt}.` });
      expect(failure.code).toBe('POWERNODE_PERMISSION_DENIED');
    }
    const incidents = h.incidents();
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.title).toBe('Halt requested on prod: Viewer halt attempt 1.');
    const attempts = calls(incidents[0]!.id);
    expect(attempts).toHaveLength(10);
    expect(attempts.every((entry) => ksData(entry).result === 'refused' && ksData(entry).httpStatus === 403)).toBe(true);
    expect(h.fake.state.killSwitch.halted).toBe(false);
  });

  it('an unknown outcome stays unknown while the server keeps failing (N requests), then is confirmed', async () => {
    h = await createHarness({ timeouts: { connectMs: 1_000, headersMs: 500, bodyMs: 500 }, pollMs: 1_000 });
    const incident = h.journal.createIncident({ title: 'Checkout agents looping', detectedBy: 'pager' });
    await connect('commander@example.test', incident.id);
    await h.fake.control({ fault: { pathPrefix: '/api/v1/ai/kill_switch/halt', applyFirst: true, status: 500 } });
    await h.fake.control({ fault: { pathPrefix: STATUS, status: 500, times: 3 } });
    const answer = await h.call('killSwitch.halt', { profile: 'prod', reason: 'Stop the loop.', incidentId: incident.id });
    expect(answer.result).toBe('unknown');

    // While the status keeps failing: still "sent, outcome unknown", never "failed", the chip confirming.
    await vi.waitFor(() => expect(h.fake.log().filter((entry) => entry.path === STATUS && entry.status === 500)).toHaveLength(2), { timeout: 10_000 });
    expect(calls(incident.id).map((entry) => ksData(entry).result)).toEqual(['unknown']);
    const confirming = (await h.call('killSwitch.overview', {})).states[0]!;
    expect(confirming).toMatchObject({ state: 'unknown', pending: { action: 'halt' } });

    await vi.waitFor(() => expect(calls(incident.id)).toHaveLength(2), { timeout: 15_000 });
    expect(calls(incident.id).map((entry) => ksData(entry).result)).toEqual(['unknown', 'confirmed']);
    const settled = (await h.call('killSwitch.overview', {})).states[0]!;
    expect(settled).toMatchObject({ state: 'halted', pending: null, settled: { action: 'halt', result: 'confirmed' } });
  });
});
