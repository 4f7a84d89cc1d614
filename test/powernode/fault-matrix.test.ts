import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EntryData, TimelineEntry } from '../../src/shared/model';
import { TEST_PASSWORD } from '../fake-powernode/server.mjs';
import { FAULT_CASES, MATRIX_POLL_MS, MATRIX_TIMEOUT_MS } from './fault-matrix-cases';
import { createHarness, type Harness } from './harness';
import { stripMarkCount } from '../support/strip-marks';

let h: Harness;
afterEach(async () => {
  await h?.dispose();
});

const ksData = (entry: TimelineEntry) => entry.data as EntryData<'killswitch_call'>;
const PLATFORM_CHANGES = ['changed', 'confirmed', 'observed'];

/**
 * A halt against the fake with each fault of the matrix, through the real service over loopback
 * HTTP: the console answers at once (unknown, nothing changed, or not carried out), settles what
 * was unclear, and the journal, the chip and the post-mortem end up saying what the fake says.
 */
describe('the kill switch fault matrix (vitest, real loopback HTTP)', () => {
  for (const fault of FAULT_CASES) {
    it(fault.name, async () => {
      h = await createHarness({ timeouts: { connectMs: 1_000, headersMs: MATRIX_TIMEOUT_MS, bodyMs: MATRIX_TIMEOUT_MS }, pollMs: MATRIX_POLL_MS });
      const incident = h.journal.createIncident({ title: 'Agents refunding twice', detectedBy: 'pager' });
      await h.addProfile('prod', 'commander@example.test');
      await h.call('powernode.login', { profile: 'prod', password: TEST_PASSWORD, remember: false, incidentId: incident.id });
      await vi.waitFor(() => expect(h.fake.log().some((entry) => entry.path.endsWith('/kill_switch/events') && entry.status === 200)).toBe(true));
      await fault.arrange(h.fake);

      const input = { profile: 'prod', reason: 'Agents are refunding every order twice.', incidentId: incident.id };
      if (fault.answer === 'refused') {
        const failure = await h.fail('killSwitch.halt', input);
        expect(failure.message).toMatch(/^(Not sent|Powernode is rate limiting|Connection refused)/);
      } else {
        const answer = await h.call('killSwitch.halt', input);
        expect(answer.result).toBe(fault.answer);
        if (fault.answer === 'unknown') {
          // Said at once, on the chip too: "halt sent, confirming…".
          expect(answer.state.pending).toMatchObject({ action: 'halt' });
          expect(answer.outcome).toMatch(/^HALT sent, outcome unknown: /);
        }
      }
      await fault.recover?.(h.fake);

      // Settled: nothing pending, the chip shows the server's state as last confirmed.
      const chip = async () => (await h.call('killSwitch.overview', {})).states.find((state) => state.profile === 'prod')!;
      await vi.waitFor(
        async () => {
          const state = await chip();
          expect(state.pending).toBeNull();
          expect(state.lastKnown).toBe(fault.halted ? 'halted' : 'running');
          if (fault.recover) expect(state.state).toBe('running');
        },
        { timeout: 15_000, interval: 100 },
      );
      if (fault.answer === 'unknown') {
        await vi.waitFor(() => expect(h.journal.allEntries(incident.id).filter((entry) => entry.kind === 'killswitch_call').length).toBeGreaterThanOrEqual(2));
      }

      const real = h.fake.state.killSwitch;
      expect(real.halted).toBe(fault.halted);
      const state = await chip();
      expect(state.pending).toBeNull();
      if (fault.halted) {
        expect(state.state).toBe('halted');
        expect(state.haltedBy?.name).toBe(fault.haltedBy);
      } else {
        expect(['running', 'unknown']).toContain(state.state);
        expect(state.lastKnown).toBe('running');
      }

      // The journal: every server halt once, by its event id; nothing that happened called failed.
      const calls = h.journal.allEntries(incident.id).filter((entry) => entry.kind === 'killswitch_call');
      const changes = calls.filter((entry) => PLATFORM_CHANGES.includes(ksData(entry).result ?? ''));
      expect(changes.map((entry) => ksData(entry).serverEventId)).toEqual(real.events.map((event) => event.id));
      if (fault.halted) {
        for (const entry of calls) {
          expect(ksData(entry).outcome).not.toMatch(/fail|not carried out|did not take effect|had not taken effect/i);
          expect(['refused', 'not_applied']).not.toContain(ksData(entry).result);
        }
      }
      if (fault.answer === 'unknown') {
        const [sent, settled] = calls.filter((entry) => entry.text === input.reason);
        expect(ksData(sent!)).toMatchObject({ result: 'unknown', ok: false });
        expect(ksData(settled!)).toMatchObject({ result: fault.halted ? 'confirmed' : 'not_applied', settles: sent!.id });
        if (fault.halted)
          expect(ksData(settled!).outcome).toMatch(
            new RegExp(`^Confirmed: halted at .+ UTC by casey <commander@example\\.test> \\(server event ${real.events[0]!.id}\\)\\.$`),
          );
      }
      if (fault.answer === 'unchanged') {
        expect(calls.map((entry) => ksData(entry).result)).toEqual(['observed', 'unchanged']);
        expect(ksData(calls[1]!).outcome).toMatch(
          /^Already halted by robin <oncall@example\.test> since .+ UTC: nothing changed \(409: AI activity is already suspended\)\.$/,
        );
      }
      if (fault.answer === 'refused') expect(calls.map((entry) => ksData(entry).result)).toEqual(['refused']);
      // A 429 closes the profile's window: the chip shows when it ends, and no poll goes out before then.
      if (fault.name.includes('429')) {
        expect(Date.parse(state.retryAfter!)).toBeGreaterThan(Date.now() + 800_000);
        const afterLimit = h.fake.log().slice(h.fake.log().findIndex((entry) => entry.status === 429) + 1);
        expect(afterLimit).toEqual([]);
      }

      // The post-mortem (Markdown table and HTML strip) shows exactly the halts the server has.
      const { markdown, html } = await h.postmortem(incident.id);
      expect(markdown.match(/Kill switch: platform halted/g) ?? []).toHaveLength(fault.halted ? 1 : 0);
      expect(stripMarkCount(html, 'halt')).toBe(fault.halted ? 1 : 0);
      // The Markdown escapes entry text (nothing in it may render as HTML): <email> is written &lt;email&gt;.
      if (fault.haltedBy === 'robin')
        expect(markdown).toContain('Kill switch: platform halted by robin &lt;oncall@example.test&gt; (prod, seen on the server)');
      expect(markdown).not.toMatch(/fail/i);
    });
  }
});
