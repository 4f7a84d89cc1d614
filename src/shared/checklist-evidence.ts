import { journalOrder } from './merged-order';
import { entryTime } from './entry-time';
import { isPlatformChange } from './kill-switch-settled';
import { entryDataSchemas, type EntryKind, type TimelineEntry } from './model';
import type { Runbook, RunbookStep } from './runbook';
import { checklistKey, type ChecklistTick } from './severity-timing';

/** The journal entry that shows a step was done: what a self-ticked step links to. */
export interface StepEvidence {
  entryId: string;
  seq: number;
  at: string;
  by: string;
  /** What the entry shows, in a few words: "platform halted on prod", "ran pg-backup on db-1". */
  summary: string;
}

/** A value a step's command must have been run with: equal to an argument, or a word inside one. */
function mentions(argv: readonly string[], value: string): boolean {
  const pattern = new RegExp(`(^|[^A-Za-z0-9])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9])`);
  return argv.some((argument) => argument === value || pattern.test(argument));
}

/** The only kinds of entry that can show a step done (evidenceOf): what is read of a long timeline for it. */
export const CHECKLIST_EVIDENCE_KINDS = ['killswitch_call', 'command_run', 'comms_sent'] as const satisfies readonly EntryKind[];

/** What an entry shows of a step, if it shows the step done; undefined otherwise. */
function evidenceOf(step: RunbookStep, entry: TimelineEntry): string | undefined {
  if (entry.redacted || !entry.data) return undefined;
  if (step.killSwitch === 'halt' || step.killSwitch === 'resume') {
    if (entry.kind !== 'killswitch_call') return undefined;
    const data = entryDataSchemas.killswitch_call.safeParse(entry.data);
    if (!data.success || data.data.action !== step.killSwitch) return undefined;
    // Settled only: a halt whose outcome is unknown, refused or not applied ticks nothing; "already halted" is the state asked for.
    const took = isPlatformChange(data.data, new Set()) || data.data.result === 'unchanged';
    if (!took) return undefined;
    const done = step.killSwitch === 'halt' ? 'halted' : 'resumed';
    return data.data.result === 'unchanged' ? `already ${done} on ${data.data.profile}` : `platform ${done} on ${data.data.profile}`;
  }
  if (step.command) {
    if (entry.kind !== 'command_run') return undefined;
    const data = entryDataSchemas.command_run.safeParse(entry.data);
    if (!data.success || data.data.commandId !== step.command.id) return undefined;
    // A read finished with an answer whatever its exit code (a stopped unit exits 3); a change must have succeeded.
    const finished = data.data.effect === 'change' ? data.data.outcome === 'succeeded' : data.data.exitCode !== null;
    if (!finished) return undefined;
    const argv = [...data.data.argv, ...(data.data.steps ?? []).flat()];
    const { host: _host, ...params } = step.command.params ?? {};
    if (!Object.values(params).every((value) => mentions(argv, value))) return undefined;
    return `ran ${data.data.commandId} on ${data.data.host} (${data.data.outcome}${data.data.exitCode === null ? '' : `, exit ${data.data.exitCode}`})`;
  }
  if (step.comms) {
    if (entry.kind !== 'comms_sent') return undefined;
    const data = entryDataSchemas.comms_sent.safeParse(entry.data);
    if (!data.success || data.data.audience !== step.comms) return undefined;
    return `${step.comms === 'customer' ? 'customer update sent' : 'update posted'} (${data.data.channel})`;
  }
  return undefined;
}

/**
 * The steps the journal shows done in this incident, by `sectionId/stepId`: a halt or resume the
 * server settled, a diagnostic command run (with the step's parameters), an update posted or a
 * customer update sent, a backup taken. The latest such entry per step, so a tick undone by hand
 * comes back when the action is done again (see mergeChecklist). Given what earlier entries
 * showed (`earlier`), only `entries`, which all come after them, are looked at.
 */
export function checklistEvidence(
  runbook: Runbook,
  entries: readonly TimelineEntry[],
  earlier: Record<string, StepEvidence> = {},
): Record<string, StepEvidence> {
  // `earlier`: what the entries before these showed (they all come after them), so a status read after each append looks at the new entries only.
  const found: Record<string, StepEvidence> = { ...earlier };
  const steps = runbook.sections.flatMap((section) => section.steps.map((step) => ({ key: checklistKey(section.id, step.id), step })));
  const named = steps.filter(({ step }) => step.killSwitch === 'halt' || step.killSwitch === 'resume' || step.command || step.comms);
  for (const entry of journalOrder(entries)) {
    for (const { key, step } of named) {
      const summary = evidenceOf(step, entry);
      if (summary) found[key] = { entryId: entry.id, seq: entry.seq, at: entryTime(entry), by: entry.author, summary };
    }
  }
  return found;
}

/**
 * The checklist as the journal shows it: each step's tick by hand, unless the journal shows the
 * step done later than that tick (then it is ticked, linking to the entry). A section a step was
 * ticked in joins the sections worked, as a tick by hand does.
 */
export function followTheJournal(
  state: { checklist: Record<string, ChecklistTick>; sections: string[] },
  evidence: Record<string, StepEvidence>,
): { checklist: Record<string, ChecklistTick>; sections: string[] } {
  const checklist = { ...state.checklist };
  const sections = [...state.sections];
  for (const [key, shown] of Object.entries(evidence)) {
    const byHand = checklist[key];
    if (byHand && byHand.seq > shown.seq) continue;
    checklist[key] = { done: true, at: shown.at, by: shown.by, seq: shown.seq, via: { entryId: shown.entryId, seq: shown.seq, summary: shown.summary } };
    const sectionId = key.slice(0, key.indexOf('/'));
    if (!sections.includes(sectionId)) sections.push(sectionId);
  }
  return { checklist, sections };
}
