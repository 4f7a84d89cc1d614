import type { ComponentType } from 'react';
import { DiagnosticsView } from './DiagnosticsView';
import { IncidentsView } from './IncidentsView';
import { OverviewView } from './OverviewView';
import { PowernodeView } from './PowernodeView';
import { TimelineView } from './TimelineView';
import { TriageView } from './TriageView';

/** One entry per screen in the left navigation; a capability adds its screen here. */
export interface ViewEntry {
  id: string;
  label: string;
  /** Alt+<key> jumps to the view from anywhere. */
  accessKey: string;
  Component: ComponentType;
}

// In the order an incident is worked: what is open, what happened, how bad, what to check, the switch, who to tell.
export const views: ViewEntry[] = [
  { id: 'overview', label: 'Overview', accessKey: '1', Component: OverviewView },
  { id: 'incidents', label: 'Incidents', accessKey: '2', Component: IncidentsView },
  { id: 'timeline', label: 'Timeline', accessKey: '3', Component: TimelineView },
  { id: 'triage', label: 'Triage', accessKey: '4', Component: TriageView },
  { id: 'diagnostics', label: 'Diagnostics', accessKey: '5', Component: DiagnosticsView },
  { id: 'powernode', label: 'Powernode', accessKey: '6', Component: PowernodeView },
];
