import type { ComponentType } from 'react';
import { IncidentsView } from './IncidentsView';
import { OverviewView } from './OverviewView';
import { TimelineView } from './TimelineView';

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
  { id: 'incidents', label: 'Incidents', accessKey: '2', Component: IncidentsView },
  { id: 'timeline', label: 'Timeline', accessKey: '3', Component: TimelineView },
];
