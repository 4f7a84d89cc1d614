import type { ComponentType } from 'react';
import { DiagnosticsView } from './DiagnosticsView';
import { CommsView } from './CommsView';
import { OverviewView } from './OverviewView';
import { PowernodeView } from './PowernodeView';
import { TriageView } from './TriageView';
import { PostmortemView } from './PostmortemView';

/** One entry per screen in the left navigation; a capability adds its screen here. */
export interface ViewEntry {
  id: string;
  label: string;
  /** Alt+<key> jumps to the view from anywhere. */
  accessKey: string;
  Component: ComponentType;
}

export const views: ViewEntry[] = [
  { id: 'overview', label: 'Overview', accessKey: '1', Component: OverviewView },
  { id: 'triage', label: 'Triage', accessKey: '2', Component: TriageView },
  { id: 'powernode', label: 'Powernode', accessKey: '6', Component: PowernodeView },
  { id: 'diagnostics', label: 'Diagnostics', accessKey: '5', Component: DiagnosticsView },
  { id: 'comms', label: 'Comms', accessKey: '7', Component: CommsView },
  { id: 'postmortem', label: 'Post-mortem', accessKey: '8', Component: PostmortemView },
];
