import type { ComponentType } from 'react';
import { OverviewView } from './OverviewView';
import { PowernodeView } from './PowernodeView';
import { TriageView } from './TriageView';

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
];
