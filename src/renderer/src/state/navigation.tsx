import { createContext, useContext } from 'react';
import type { ViewId } from '../../../shared/views';

/** What each screen can be opened with; a screen that takes nothing is opened by its id alone. */
export interface ViewParams {
  overview: undefined;
  /** `create`: the new-incident form has the focus. */
  incidents: { create?: boolean };
  /** `focusCapture`: the capture box has the focus, ready for a note; `entrySeq`: that entry is scrolled to and focused. */
  timeline: { focusCapture?: boolean; entrySeq?: number };
  /** `sectionId`: that runbook section is opened and scrolled to. */
  triage: { sectionId?: string };
  /** A runbook step's command to pre-fill, with the host to run it on and its parameters. */
  diagnostics: { commandId: string; host?: string; values?: Record<string, string> };
  powernode: undefined;
  comms: undefined;
  postmortem: undefined;
  metrics: undefined;
  team: undefined;
}

/** One navigate() call: a new object each time, so a screen asked twice for the same thing reacts twice. */
export type Visit = { [V in ViewId]: { view: V; params?: ViewParams[V] } }[ViewId];

/** Lets any screen send the operator to another (a checklist step opening Diagnostics, say). */
export interface Navigation {
  viewId: ViewId;
  navigate: <V extends ViewId>(view: V, params?: ViewParams[V]) => void;
  /** The navigate() that opened the current screen. */
  visit: Visit;
}

export const NavigationContext = createContext<Navigation | undefined>(undefined);

export function useNavigation(): Navigation {
  const value = useContext(NavigationContext);
  if (!value) throw new Error('useNavigation outside NavigationContext');
  return value;
}

/**
 * What `view` was last opened with, if it is the current screen; `visit` changes with every
 * navigate() to it (an effect that depends on it runs again when the operator asks again).
 */
export function useVisit<V extends ViewId>(view: V): { params: ViewParams[V] | undefined; visit: Visit | undefined } {
  const { visit } = useNavigation();
  if (visit.view !== view) return { params: undefined, visit: undefined };
  return { params: visit.params as ViewParams[V] | undefined, visit };
}
