import type { Severity, TriageStep } from './model';
import { CATEGORY_ORDER, sectionById, type Runbook, type TriageAnswer, type TriageQuestion } from './runbook';

// Walking the triage tree: which question comes next, and where the answers so far land
// (sections in the order to work them, suggested severity, the rules that apply).

export interface TriageChoice {
  questionId: string;
  answerId: string;
}

export interface TriageWalk {
  /** The answers given, with their text, as journaled. */
  path: TriageStep[];
  /** The question to answer next; undefined once a severity is reached. */
  next: TriageQuestion | undefined;
  /** Sections to work, kill switch first, then security, AI, degradation, communications. */
  sections: string[];
  suggested: Severity | undefined;
  /** Rules the answers brought up, in the order they were met. */
  rules: string[];
  /** An answer was "not sure", so the suggestion is already one level higher. */
  unsure: boolean;
}

export class TriageWalkError extends Error {}

export function walkTriage(runbook: Runbook, choices: readonly TriageChoice[]): TriageWalk {
  const questions = new Map(runbook.triage.questions.map((question) => [question.id, question]));
  const path: TriageStep[] = [];
  const collected: string[] = [];
  const rules: string[] = [];
  let unsure = false;
  let current: TriageQuestion | undefined = questions.get(runbook.triage.start);
  let suggested: Severity | undefined;
  for (const choice of choices) {
    if (!current) throw new TriageWalkError(`Triage is already complete; "${choice.questionId}" was not asked`);
    if (choice.questionId !== current.id) throw new TriageWalkError(`Expected an answer to "${current.id}", got "${choice.questionId}"`);
    const answer: TriageAnswer | undefined = current.answers.find((candidate) => candidate.id === choice.answerId);
    if (!answer) throw new TriageWalkError(`"${choice.answerId}" is not an answer to "${current.id}"`);
    path.push({ questionId: current.id, question: current.text, answerId: answer.id, answer: answer.text });
    collected.push(...(answer.sections ?? []));
    if (answer.rule) rules.push(answer.rule);
    if (answer.unsure) unsure = true;
    suggested = answer.severity;
    current = answer.next === undefined ? undefined : questions.get(answer.next);
  }
  return { path, next: current, sections: orderSections(runbook, collected), suggested, rules, unsure };
}

/** Distinct sections, ordered by category (stable within one), so the kill switch always leads. */
export function orderSections(runbook: Runbook, ids: readonly string[]): string[] {
  const distinct = [...new Set(ids)];
  const rank = (id: string): number => {
    const section = sectionById(runbook, id);
    return section ? CATEGORY_ORDER.indexOf(section.category) : CATEGORY_ORDER.length;
  };
  return distinct
    .map((id, index) => ({ id, index }))
    .sort((a, b) => rank(a.id) - rank(b.id) || a.index - b.index)
    .map((entry) => entry.id);
}

/** Every way through the tree, root to leaf (tests, and the runbook's own self-check). */
export function allTriagePaths(runbook: Runbook): TriageChoice[][] {
  const questions = new Map(runbook.triage.questions.map((question) => [question.id, question]));
  const paths: TriageChoice[][] = [];
  const visit = (questionId: string, trail: TriageChoice[]): void => {
    const question = questions.get(questionId);
    if (!question || trail.some((step) => step.questionId === questionId)) return;
    for (const answer of question.answers) {
      const next = [...trail, { questionId, answerId: answer.id }];
      if (answer.next === undefined) paths.push(next);
      else visit(answer.next, next);
    }
  };
  visit(runbook.triage.start, []);
  return paths;
}

const RANK: Record<Severity, number> = { SEV1: 1, SEV2: 2, SEV3: 3, SEV4: 4 };

/** Positive when `a` is more severe than `b` (SEV1 is the most severe). */
export function compareSeverity(a: Severity, b: Severity): number {
  return RANK[b] - RANK[a];
}

export function isDowngrade(from: Severity | null, to: Severity): boolean {
  return from !== null && compareSeverity(to, from) < 0;
}

export function isUpgrade(from: Severity | null, to: Severity): boolean {
  return from !== null && compareSeverity(to, from) > 0;
}
