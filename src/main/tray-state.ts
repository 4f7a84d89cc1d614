import type { EventName, EventPayload } from '../shared/contract';
import type { Incident, Severity } from '../shared/model';
import type { KillSwitchState } from '../shared/powernode-schemas';

/**
 * What the tray shows at a glance: the open incident's severity and the kill switch, kept up to
 * date from core events (already parsed against the contract by the event bus).
 */
export interface TrayState {
  /** Open (not resolved) incidents by id, so resolving one falls back to the next. */
  incidents: Map<string, Pick<Incident, 'id' | 'title' | 'severity' | 'status' | 'startedAt'>>;
  /** Kill-switch state per Powernode profile. */
  killSwitch: Map<string, KillSwitchState['state']>;
}

export const emptyTrayState = (): TrayState => ({ incidents: new Map(), killSwitch: new Map() });

export function applyIncidents(state: TrayState, incidents: readonly Incident[]): void {
  for (const incident of incidents) applyIncident(state, incident);
}

function applyIncident(state: TrayState, incident: Incident): void {
  if (incident.status === 'resolved') state.incidents.delete(incident.id);
  else state.incidents.set(incident.id, incident);
}

export function applyKillSwitch(state: TrayState, states: readonly KillSwitchState[]): void {
  for (const item of states) state.killSwitch.set(item.profile, item.state);
}

/** Returns whether the event concerns the tray (then it may have changed what it shows). */
export function applyEvent<E extends EventName>(state: TrayState, name: E, payload: EventPayload<E>): boolean {
  switch (name) {
    case 'incidents.changed':
      applyIncident(state, payload as EventPayload<'incidents.changed'>);
      return true;
    case 'journal.appended':
      applyIncident(state, (payload as EventPayload<'journal.appended'>).incident);
      return true;
    case 'killSwitch.changed':
      applyKillSwitch(state, [payload as EventPayload<'killSwitch.changed'>]);
      return true;
    default:
      return false;
  }
}

const SEVERITY_RANK: Record<Severity, number> = { SEV1: 1, SEV2: 2, SEV3: 3, SEV4: 4 };
export const SEVERITY_COLOURS: Record<Severity | 'none', string> = {
  SEV1: '#ff4d4f',
  SEV2: '#ff8a3d',
  SEV3: '#ffcc33',
  SEV4: '#7fb2ff',
  none: '#3ccf7e',
};

export interface TraySummary {
  severity: Severity | 'none' | 'untriaged';
  halted: boolean;
  /** One line per fact, for the tooltip and the tray menu's header items. */
  lines: string[];
  tooltip: string;
}

/** The most severe open incident wins (then the most recent); any halted profile counts as halted. */
export function summarizeTray(state: TrayState): TraySummary {
  const open = [...state.incidents.values()].sort((a, b) => rank(a.severity) - rank(b.severity) || b.startedAt.localeCompare(a.startedAt));
  const top = open[0];
  const lines: string[] = [];
  if (top) {
    const more = open.length > 1 ? ` (+${open.length - 1} more open)` : '';
    lines.push(`${top.severity ?? 'Not triaged'}: ${top.title}${more}`);
  } else {
    lines.push('No open incident');
  }
  const profiles = [...state.killSwitch.entries()].sort(([a], [b]) => a.localeCompare(b));
  if (profiles.length === 0) lines.push('Kill switch: not connected');
  for (const [profile, value] of profiles) lines.push(`Kill switch (${profile}): ${value.replace('_', ' ')}`);
  const halted = profiles.some(([, value]) => value === 'halted');
  return {
    severity: top ? (top.severity ?? 'untriaged') : 'none',
    halted,
    lines,
    tooltip: ['Incident Console', ...lines].join('\n'),
  };
}

function rank(severity: Severity | null): number {
  return severity ? SEVERITY_RANK[severity] : 5;
}
