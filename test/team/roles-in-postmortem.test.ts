import { afterEach, describe, expect, it } from 'vitest';
import { postmortemFacts } from '../../src/main/core/reports/postmortem-facts';
import { postmortemMarkdown } from '../../src/main/core/reports/postmortem-markdown';
import { twoConsoles } from './team-fixture';

describe('command in the post-mortem', () => {
  let consoles: ReturnType<typeof twoConsoles>;
  afterEach(() => consoles.dispose());

  it('lists who took command and each handover in the timeline; the other roles stay on the Team screen', async () => {
    consoles = twoConsoles();
    const { alice } = consoles;
    const incident = alice.journal.createIncident({ title: 'Checkout 500s', detectedBy: 'alert' });
    await alice.team.handlers['team.assignRole']({ incidentId: incident.id, role: 'commander', responder: { name: 'alice' } });
    alice.clock.advance(60_000);
    await alice.team.handlers['team.assignRole']({ incidentId: incident.id, role: 'scribe', responder: { name: 'robin' } });
    alice.clock.advance(60_000);
    await alice.team.handlers['team.handOver']({ incidentId: incident.id, to: { name: 'sam' }, reason: 'shift change' });
    const facts = postmortemFacts(alice.journal.getIncident(incident.id), alice.journal.allEntries(incident.id));
    expect(facts.timeline.map((row) => row.event)).toEqual([
      'First symptom: Checkout 500s (detected by alert)',
      'alice took command',
      'Command handed over from alice to sam: shift change',
    ]);
    const markdown = postmortemMarkdown(facts, { keyFingerprint: null, unsignedBecause: 'no keychain in this test', checkpoint: null });
    expect(markdown).toContain('| 2026-03-15 09:02 | Command handed over from alice to sam: shift change |');
  });
});
