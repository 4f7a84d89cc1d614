import type { ComponentType } from 'react';
import { VIEWS, viewShortcutDigit, type ViewId } from '../../shared/views';
import { CommsView } from './features/comms/CommsView';
import { DiagnosticsView } from './features/diagnostics/DiagnosticsView';
import { IncidentsView } from './features/incidents/IncidentsView';
import { MetricsView } from './features/metrics/MetricsView';
import { OverviewView } from './features/overview/OverviewView';
import { PostmortemView } from './features/postmortem/PostmortemView';
import { PowernodeView } from './features/powernode/PowernodeView';
import { TeamView } from './features/team/TeamView';
import { TimelineView } from './features/timeline/TimelineView';
import { TriageView } from './features/triage/TriageView';

/** One entry per screen in the left navigation; the list and its order live in src/shared/views.ts. */
export interface ViewEntry {
  id: ViewId;
  label: string;
  /** Alt+<key> jumps to the view from anywhere. */
  accessKey: string;
  Component: ComponentType;
}

const components: Record<ViewId, ComponentType> = {
  overview: OverviewView,
  incidents: IncidentsView,
  timeline: TimelineView,
  triage: TriageView,
  diagnostics: DiagnosticsView,
  powernode: PowernodeView,
  comms: CommsView,
  postmortem: PostmortemView,
  metrics: MetricsView,
  team: TeamView,
};

export const views: ViewEntry[] = VIEWS.map((view, index) => ({
  ...view,
  accessKey: viewShortcutDigit(index),
  Component: components[view.id],
}));
