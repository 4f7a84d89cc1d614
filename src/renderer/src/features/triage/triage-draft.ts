import { useSyncExternalStore } from 'react';
import type { TriageChoice } from '../../../../shared/triage';
import { useSharedFor } from '../../api/client-context';

/** A triage being answered: the answers so far, and whether a journaled triage is being done again. */
export interface TriageDraftValue {
  choices: TriageChoice[];
  again: boolean;
}

const EMPTY: TriageDraftValue = { choices: [], again: false };

/**
 * The triage in progress of one incident, kept above the screens: leaving Triage for the
 * Powernode screen (to halt) or the timeline (to note something) and coming back finds the
 * answers where they were. Nothing is journaled until a severity is set.
 */
export class TriageDraft {
  private value: TriageDraftValue = EMPTY;
  private runbookLoadedAt: string | undefined;
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): TriageDraftValue => this.value;

  set(change: Partial<TriageDraftValue>): void {
    this.value = { ...this.value, ...change };
    for (const listener of [...this.listeners]) listener();
  }

  reset(): void {
    this.set(EMPTY);
  }

  /** Answers given under another runbook (one loaded since, `loadedAt` differs) are dropped. */
  follow(runbookLoadedAt: string): void {
    if (this.runbookLoadedAt !== undefined && this.runbookLoadedAt !== runbookLoadedAt) this.reset();
    this.runbookLoadedAt = runbookLoadedAt;
  }
}

const createTriageDraft = () => new TriageDraft();

/** The incident's triage in progress and how to change it. */
export function useTriageDraft(incidentId: string): TriageDraftValue & { draft: TriageDraft } {
  const draft = useSharedFor(createTriageDraft, incidentId)!;
  const value = useSyncExternalStore(draft.subscribe, draft.getSnapshot);
  return { ...value, draft };
}
