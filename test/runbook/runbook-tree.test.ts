import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Severity } from '../../src/shared/model';
import { KNOWN_COMMAND_IDS, parseRunbook, sectionById, type Runbook } from '../../src/shared/runbook';
import { allTriagePaths, walkTriage } from '../../src/shared/triage';

const raw = JSON.parse(readFileSync('resources/runbooks/powernode.json', 'utf8')) as unknown;

function shipped(): Runbook {
  const parsed = parseRunbook(raw);
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n'));
  return parsed.runbook;
}

describe('the shipped runbook (resources/runbooks/powernode.json)', () => {
  const runbook = shipped();
  const paths = allTriagePaths(runbook);
  const walks = paths.map((path) => walkTriage(runbook, path));

  it('has every section the runbook names', () => {
    expect(runbook.sections.map((section) => section.id).sort()).toEqual(
      [
        'kill-switch',
        'api-5xx',
        'worker-jobs-stuck',
        'database-unresponsive',
        'ai-agent-misbehaviour',
        'credential-leak',
        'data-exfiltration',
        'code-execution',
        'communications',
      ].sort(),
    );
    console.log(
      `tree: ${runbook.triage.questions.length} questions, ${runbook.triage.questions.reduce((n, q) => n + q.answers.length, 0)} answers, ${paths.length} root-to-leaf paths; ${runbook.sections.length} sections, ${runbook.sections.reduce((n, s) => n + s.steps.length, 0)} steps`,
    );
  });

  it('reaches every question and every answer from the start', () => {
    const asked = new Set(paths.flatMap((path) => path.map((step) => step.questionId)));
    expect([...asked].sort()).toEqual(runbook.triage.questions.map((question) => question.id).sort());
    const answered = new Set(paths.flatMap((path) => path.map((step) => `${step.questionId}/${step.answerId}`)));
    const all = runbook.triage.questions.flatMap((question) => question.answers.map((answer) => `${question.id}/${answer.id}`));
    expect([...answered].sort()).toEqual(all.sort());
  });

  it('ends every path in a severity, with nothing left to ask', () => {
    for (const walk of walks) {
      expect(walk.next).toBeUndefined();
      expect(Severity.options).toContain(walk.suggested);
    }
  });

  it('lands in every section from some path', () => {
    const landed = new Set(walks.flatMap((walk) => walk.sections));
    for (const section of runbook.sections) expect(landed, section.id).toContain(section.id);
  });

  it('puts the kill switch first whenever the platform does something it should not, or security is involved', () => {
    const misbehaving = runbook.triage.questions
      .find((question) => question.id === runbook.triage.start)!
      .answers.filter((answer) => answer.next !== 'what-is-failing')
      .map((answer) => answer.id);
    let checked = 0;
    walks.forEach((walk, index) => {
      const security = walk.sections.some((id) => sectionById(runbook, id)?.category === 'security');
      const platformMisbehaves = misbehaving.includes(paths[index]![0]!.answerId);
      if (security || platformMisbehaves) {
        expect(walk.sections[0], JSON.stringify(paths[index])).toBe('kill-switch');
        checked += 1;
      }
    });
    expect(checked).toBeGreaterThan(5);
  });

  it('suggests SEV1 for every security landing and escalates every "not sure" answer', () => {
    walks.forEach((walk) => {
      if (walk.sections.some((id) => sectionById(runbook, id)?.category === 'security')) expect(walk.suggested).toBe('SEV1');
    });
    const unsureLeaves = runbook.triage.questions.flatMap((question) => question.answers.filter((answer) => answer.unsure && answer.severity));
    expect(unsureLeaves.length).toBeGreaterThan(0);
    for (const answer of unsureLeaves) expect(answer.severity).toBe('SEV1');
  });

  it('resolves every command reference and every "see" pointer', () => {
    const known = new Set<string>(KNOWN_COMMAND_IDS);
    const steps = runbook.sections.flatMap((section) => section.steps);
    const commands = steps.filter((step) => step.command);
    expect(commands.length).toBeGreaterThan(10);
    for (const step of commands) expect(known).toContain(step.command!.id);
    for (const step of steps.filter((candidate) => candidate.see)) expect(sectionById(runbook, step.see!)).toBeDefined();
  });

  it('has a complete severity table: SEV1–4, acknowledgement targets 5 min, 15 min, 1 h, next business day', () => {
    expect(runbook.severities.map((level) => level.id)).toEqual(['SEV1', 'SEV2', 'SEV3', 'SEV4']);
    expect(runbook.severities.map((level) => level.acknowledgeWithin)).toEqual([300_000, 900_000, 3_600_000, 'next business day']);
    expect(runbook.severities.map((level) => level.updateEveryMs)).toEqual([900_000, 1_800_000, 3_600_000, null]);
  });

  it('follows the code, not the old runbook, on the kill switch and backups (powernode-api.md §8)', () => {
    const killSwitch = sectionById(runbook, 'kill-switch')!;
    expect(killSwitch.steps.map((step) => step.killSwitch).filter(Boolean)).toEqual(['halt', 'status', 'resume']);
    const text = JSON.stringify(killSwitch);
    expect(text).toContain('snapshot_preview');
    expect(text).toContain('latest_event');
    expect(text).toContain('409');
    expect(text).toMatch(/Resume takes a mode, not a reason/);
    expect(JSON.stringify(runbook)).not.toMatch(/backup-database\.sh "/);
    const snapshot = sectionById(runbook, 'data-exfiltration')!.steps.find((step) => step.command?.id === 'pg-backup');
    expect(snapshot?.text).toContain('pg_dump -Fc');
    const stopStart = sectionById(runbook, 'worker-jobs-stuck')!.steps.find((step) => step.command?.id === 'worker-stop-start');
    expect(stopStart?.warning).toMatch(/do NOT use restart/i);
  });

  it('walks the e2e path: agents taking unwanted actions + a security dimension → kill switch, then the security section, SEV1', () => {
    const walk = walkTriage(runbook, [
      { questionId: 'platform-misbehaving', answerId: 'agents-unwanted-actions' },
      { questionId: 'security-dimension', answerId: 'credentials' },
    ]);
    expect(walk.suggested).toBe('SEV1');
    expect(walk.sections[0]).toBe('kill-switch');
    expect(walk.sections[1]).toBe('credential-leak');
    expect(walk.path.map((step) => step.answer)).toEqual([
      'Yes — agents are taking unwanted actions',
      'Yes — a security dimension: auth bypass, key or credential disclosure',
    ]);
  });

  it('refuses an answer that does not belong to the question being asked', () => {
    expect(() => walkTriage(runbook, [{ questionId: 'impact', answerId: 'outage' }])).toThrow(/Expected an answer to "platform-misbehaving"/);
    expect(() => walkTriage(runbook, [{ questionId: 'platform-misbehaving', answerId: 'maybe' }])).toThrow(/not an answer/);
  });
});

describe('the runbook schema refuses what does not hold together', () => {
  // The file is plain JSON here, edited the way a person would break it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Json = any;
  const mutate = (change: (copy: Json) => void) => {
    const copy = structuredClone(raw) as Json;
    change(copy);
    return parseRunbook(copy);
  };

  it('names an unknown command id with its schema path', () => {
    const result = mutate((copy) => (copy.sections[3].steps[1].command = { id: 'foo' }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues).toContainEqual({ path: 'sections[3].steps[1].command', message: 'unknown command id "foo"' });
  });

  it('finds a cycle in the tree', () => {
    const result = mutate((copy) => {
      const impact = copy.triage.questions.find((question: { id: string }) => question.id === 'impact');
      impact.answers[0] = { id: 'outage', text: 'loop', next: 'what-is-failing' };
    });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.issues.map((issue) => issue.message).join()).toMatch(
        /the tree loops: what-is-failing → security-in-degradation → impact → what-is-failing/,
      );
  });

  it('wants every severity exactly once', () => {
    const result = mutate((copy) => copy.severities.pop());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues).toContainEqual({ path: 'severities', message: 'SEV4 is missing' });
  });

  it('wants every answer to lead somewhere, and to known sections and questions', () => {
    const result = mutate((copy) => {
      copy.triage.questions[0].answers[0].next = 'nowhere';
      copy.triage.questions[0].answers[1].sections = ['no-such-section'];
      delete copy.triage.questions[0].answers[3].next;
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toContainEqual({ path: 'triage.questions[0].answers[0].next', message: 'unknown question id "nowhere"' });
      expect(result.issues).toContainEqual({ path: 'triage.questions[0].answers[1].sections[0]', message: 'unknown section id "no-such-section"' });
      expect(result.issues.some((issue) => issue.path === 'triage.questions[0].answers[3]')).toBe(true);
    }
  });

  it('refuses unexpected fields and bad kill-switch actions by name', () => {
    const result = mutate((copy) => {
      copy.sections[0].steps[0].killSwitch = 'explode';
      copy.sections[0].steps[1].colour = 'red';
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['sections[0].steps[0].killSwitch', 'sections[0].steps[1].colour']));
    }
  });
});
