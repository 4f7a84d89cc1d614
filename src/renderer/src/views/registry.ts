import type { ComponentType } from 'react';
import { OverviewView } from './OverviewView';
import { PowernodeView } from './PowernodeView';

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
  { id: 'powernode', label: 'Powernode', accessKey: '6', Component: PowernodeView },
];
