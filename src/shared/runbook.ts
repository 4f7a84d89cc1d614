import { z } from 'zod';
import { Severity } from './model';

// The incident-response runbook as data (resources/runbooks/powernode.json): the triage tree, the
// severity table and every section's ordered steps. The UI is driven by it, and another file with
// the same shape can be loaded from disk; whatever does not hold together (an answer leading to a
// missing question, a step naming an unknown command, a cycle) is refused with its schema path.

/**
 * Diagnostic command ids a step may reference. They name entries of the command catalog
 * (resources/runbooks/powernode-commands.json); kept in one list so it can later be read from
 * the catalog itself.
 */
export const KNOWN_COMMAND_IDS = [
  'service-status',
  'backend-logs',
  'recent-deploys',
  'migration-status',
  'redis-ping',
  'redis-queue-depth',
  'redis-dead-set',
  'worker-status',
  'worker-stop-start',
  'pg-connection',
  'pg-activity-by-state',
  'pg-waiting-queries',
  'pg-disk',
  'pg-backup',
] as const;
export type KnownCommandId = (typeof KNOWN_COMMAND_IDS)[number];

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by dashes');
const Text = z.string().trim().min(1);

export const CommandRef = z
  .object({
    id: z.string(),
    /** Parameters filled in when the step opens the command (names as in the catalog). */
    params: z.record(z.string(), z.string()).optional(),
  })
  .strict();
export type CommandRef = z.infer<typeof CommandRef>;

export const KillSwitchAction = z.enum(['halt', 'status', 'resume']);
export type KillSwitchAction = z.infer<typeof KillSwitchAction>;

export const RunbookStep = z
  .object({
    id: Id,
    text: Text,
    /** Exact text of what to type or look at (a query, an MCP call) when no diagnostic covers it. */
    detail: z.string().optional(),
    command: CommandRef.optional(),
    killSwitch: KillSwitchAction.optional(),
    /** An update this step asks for: posting an internal update, or sending one to customers, ticks it. */
    comms: z.enum(['internal', 'customer']).optional(),
    warning: z.string().optional(),
    /** Another section this step hands over to. */
    see: z.string().optional(),
  })
  .strict();
export type RunbookStep = z.infer<typeof RunbookStep>;

/** Orders the sections a triage lands in: the kill switch first, then security, then the rest. */
export const SectionCategory = z.enum(['kill-switch', 'security', 'ai', 'degradation', 'communications']);
export type SectionCategory = z.infer<typeof SectionCategory>;
export const CATEGORY_ORDER: readonly SectionCategory[] = SectionCategory.options;

export const RunbookSection = z
  .object({
    id: Id,
    title: Text,
    category: SectionCategory,
    summary: z.string().optional(),
    steps: z.array(RunbookStep).min(1),
    /** What to do once the steps are done (escalation, lifting the kill switch…). */
    after: z.string().optional(),
  })
  .strict();
export type RunbookSection = z.infer<typeof RunbookSection>;

export const TriageAnswer = z
  .object({
    id: Id,
    text: Text,
    /** Sections this answer adds to where triage lands (ordered by category at the end). */
    sections: z.array(z.string()).optional(),
    /** The next question, or… */
    next: z.string().optional(),
    /** …the severity this answer settles on (a leaf). */
    severity: Severity.optional(),
    /** "Not sure": the data already escalates it one level higher; the UI says so. */
    unsure: z.boolean().optional(),
    /** A runbook rule to show when this answer is picked ("flip the kill switch first"). */
    rule: z.string().optional(),
  })
  .strict()
  .refine((answer) => (answer.next === undefined) !== (answer.severity === undefined), {
    message: 'an answer leads either to a next question or to a severity, exactly one of them',
  });
export type TriageAnswer = z.infer<typeof TriageAnswer>;

export const TriageQuestion = z
  .object({
    id: Id,
    text: Text,
    help: z.string().optional(),
    answers: z.array(TriageAnswer).min(2),
  })
  .strict();
export type TriageQuestion = z.infer<typeof TriageQuestion>;

export const SeverityLevel = z
  .object({
    id: Severity,
    definition: Text,
    /** Acknowledgement target: milliseconds from when the severity was set, or 09:00 local on the next weekday. */
    acknowledgeWithin: z.union([z.number().int().positive(), z.literal('next business day')]),
    responders: Text,
    /** Internal comms cadence; null when the runbook asks for none. */
    updateEveryMs: z.number().int().positive().nullable(),
    updateChannel: z.string().nullable(),
  })
  .strict();
export type SeverityLevel = z.infer<typeof SeverityLevel>;

const RunbookShape = z
  .object({
    version: z.literal(1),
    name: Text,
    source: z.string().optional(),
    triage: z.object({ start: z.string(), questions: z.array(TriageQuestion).min(1) }).strict(),
    severities: z.array(SeverityLevel),
    rules: z.object({ unsure: Text, severityChanges: Text, killSwitch: Text }).strict(),
    sections: z.array(RunbookSection).min(1),
  })
  .strict();

/** The whole runbook, with cross-references checked (ids resolve, tree acyclic, table complete). */
export const Runbook = RunbookShape.superRefine((runbook, ctx) => {
  const sectionIds = new Set<string>();
  runbook.sections.forEach((section, index) => {
    if (sectionIds.has(section.id)) ctx.addIssue({ code: 'custom', path: ['sections', index, 'id'], message: `duplicate section id "${section.id}"` });
    sectionIds.add(section.id);
  });
  const commandIds = new Set<string>(KNOWN_COMMAND_IDS);
  runbook.sections.forEach((section, sectionIndex) => {
    const stepIds = new Set<string>();
    section.steps.forEach((step, stepIndex) => {
      const at = ['sections', sectionIndex, 'steps', stepIndex];
      if (stepIds.has(step.id)) ctx.addIssue({ code: 'custom', path: [...at, 'id'], message: `duplicate step id "${step.id}"` });
      stepIds.add(step.id);
      if (step.command && !commandIds.has(step.command.id)) {
        ctx.addIssue({ code: 'custom', path: [...at, 'command'], message: `unknown command id "${step.command.id}"` });
      }
      if (step.see !== undefined && !sectionIds.has(step.see)) {
        ctx.addIssue({ code: 'custom', path: [...at, 'see'], message: `unknown section id "${step.see}"` });
      }
    });
  });

  const questionIds = new Map<string, number>();
  runbook.triage.questions.forEach((question, index) => {
    if (questionIds.has(question.id))
      ctx.addIssue({ code: 'custom', path: ['triage', 'questions', index, 'id'], message: `duplicate question id "${question.id}"` });
    questionIds.set(question.id, index);
  });
  if (!questionIds.has(runbook.triage.start)) {
    ctx.addIssue({ code: 'custom', path: ['triage', 'start'], message: `unknown question id "${runbook.triage.start}"` });
  }
  runbook.triage.questions.forEach((question, questionIndex) => {
    const answerIds = new Set<string>();
    question.answers.forEach((answer, answerIndex) => {
      const at = ['triage', 'questions', questionIndex, 'answers', answerIndex];
      if (answerIds.has(answer.id)) ctx.addIssue({ code: 'custom', path: [...at, 'id'], message: `duplicate answer id "${answer.id}"` });
      answerIds.add(answer.id);
      if (answer.next !== undefined && !questionIds.has(answer.next)) {
        ctx.addIssue({ code: 'custom', path: [...at, 'next'], message: `unknown question id "${answer.next}"` });
      }
      (answer.sections ?? []).forEach((sectionId, i) => {
        if (!sectionIds.has(sectionId)) ctx.addIssue({ code: 'custom', path: [...at, 'sections', i], message: `unknown section id "${sectionId}"` });
      });
    });
  });
  const cycle = findCycle(runbook.triage.questions);
  if (cycle) ctx.addIssue({ code: 'custom', path: ['triage', 'questions'], message: `the tree loops: ${cycle.join(' → ')}` });

  for (const level of Severity.options) {
    const count = runbook.severities.filter((row) => row.id === level).length;
    if (count !== 1) ctx.addIssue({ code: 'custom', path: ['severities'], message: count === 0 ? `${level} is missing` : `${level} appears ${count} times` });
  }
});
export type Runbook = z.infer<typeof Runbook>;

/** A question path that comes back to itself, or undefined (depth-first, three colours). */
function findCycle(questions: TriageQuestion[]): string[] | undefined {
  const byId = new Map(questions.map((question) => [question.id, question]));
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string, trail: string[]): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...trail.slice(trail.indexOf(id)), id];
    state.set(id, 'open');
    for (const answer of byId.get(id)?.answers ?? []) {
      if (answer.next === undefined || !byId.has(answer.next)) continue;
      const found = visit(answer.next, [...trail, id]);
      if (found) return found;
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const question of questions) {
    const found = visit(question.id, []);
    if (found) return found;
  }
  return undefined;
}

export interface RunbookIssue {
  /** `sections[3].steps[1].command`: where in the file. */
  path: string;
  message: string;
}

/** A zod path as a reader of the JSON file would write it. */
export function runbookPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(file)';
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)), '');
}

export type RunbookParse = { ok: true; runbook: Runbook } | { ok: false; issues: RunbookIssue[] };

export function parseRunbook(data: unknown): RunbookParse {
  const parsed = Runbook.safeParse(data);
  if (parsed.success) return { ok: true, runbook: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ path: runbookPath([...issue.path, key]), message: 'unexpected field' }))
        : [{ path: runbookPath(issue.path), message: issue.message }],
    ),
  };
}

export function sectionById(runbook: Runbook, id: string): RunbookSection | undefined {
  return runbook.sections.find((section) => section.id === id);
}

export function severityLevel(runbook: Runbook, id: Severity): SeverityLevel {
  const level = runbook.severities.find((row) => row.id === id);
  if (!level) throw new Error(`${id} is missing from the severity table`);
  return level;
}
