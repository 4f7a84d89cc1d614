import { compareMergedOrder } from './merged-order';
import { entryDataSchemas, type EntryKind, type Responder, type Role, type TimelineEntry } from './model';

/** The kinds the roles are derived from: read through the kind index, never the whole timeline. */
export const ROLE_KINDS = ['role_assigned', 'role_released', 'command_handed_over'] as const satisfies readonly EntryKind[];

/** Roles one person holds at a time; any other (subject expert) may be held by several. */
export const SINGLE_HOLDER_ROLES: ReadonlySet<Role> = new Set(['commander', 'scribe', 'comms_lead']);

export const ROLE_LABELS: Record<Role, string> = {
  commander: 'Commander',
  scribe: 'Scribe',
  comms_lead: 'Comms lead',
  subject_expert: 'Subject expert',
};

/** Who holds one role now, and the entry that gave it to them. */
export interface RoleHolding {
  role: Role;
  responder: Responder;
  /** What a subject expert knows ("PostgreSQL"); null for other roles or when not said. */
  expertise: string | null;
  since: string;
  entryId: string;
  /** Who wrote the entry (the commander who assigned it, or the responder who took it). */
  by: string;
}

/**
 * The people's key for "is this the same person": the name without case or surrounding spaces.
 * A device, when both sides know it, must also match: two consoles run by the OS user "admin" are
 * two people.
 */
export function sameResponder(a: Responder, b: Responder): boolean {
  if (a.name.trim().toLowerCase() !== b.name.trim().toLowerCase()) return false;
  return a.device === null || b.device === null || a.device === b.device;
}

/**
 * Who holds each role now, derived from the incident's role entries in timeline order (any order
 * in, the same answer out). Held roles come out commander first, then by when they were given.
 */
export function currentRoles(entries: readonly TimelineEntry[]): RoleHolding[] {
  let held: RoleHolding[] = [];
  const give = (holding: RoleHolding) => {
    held = held.filter(
      (other) => other.role !== holding.role || (!SINGLE_HOLDER_ROLES.has(holding.role) && !sameResponder(other.responder, holding.responder)),
    );
    held.push(holding);
  };
  for (const entry of [...entries].sort(compareMergedOrder)) {
    const at = { since: entry.occurredAt ?? entry.recordedAt, entryId: entry.id, by: entry.author };
    if (entry.kind === 'role_assigned') {
      const data = entryDataSchemas.role_assigned.safeParse(entry.data);
      if (data.success) give({ role: data.data.role, responder: data.data.responder, expertise: data.data.expertise ?? null, ...at });
    } else if (entry.kind === 'command_handed_over') {
      const data = entryDataSchemas.command_handed_over.safeParse(entry.data);
      if (data.success) give({ role: 'commander', responder: data.data.to, expertise: null, ...at });
    } else if (entry.kind === 'role_released') {
      const data = entryDataSchemas.role_released.safeParse(entry.data);
      if (data.success) held = held.filter((other) => other.role !== data.data.role || !sameResponder(other.responder, data.data.responder));
    }
  }
  const order = (holding: RoleHolding) => (holding.role === 'commander' ? 0 : 1);
  return held.sort((a, b) => order(a) - order(b) || a.since.localeCompare(b.since));
}

/** Everyone a role entry names (given a role, released from one, handing over or taking command), in timeline order, each once. */
export function respondersNamed(entries: readonly TimelineEntry[]): Responder[] {
  const named: Responder[] = [];
  const add = (responder: Responder) => {
    if (!named.some((known) => sameResponder(known, responder))) named.push(responder);
  };
  for (const entry of [...entries].sort(compareMergedOrder)) {
    const kind = entry.kind;
    if (kind === 'role_assigned' || kind === 'role_released') {
      const data = entryDataSchemas[kind].safeParse(entry.data);
      if (data.success) add(data.data.responder);
    } else if (kind === 'command_handed_over') {
      const data = entryDataSchemas.command_handed_over.safeParse(entry.data);
      if (data.success) [data.data.from, data.data.to].forEach((responder) => responder && add(responder));
    }
  }
  return named;
}

/** The commander now, or null when nobody was given command. */
export function commanderOf(holdings: readonly RoleHolding[]): RoleHolding | null {
  return holdings.find((holding) => holding.role === 'commander') ?? null;
}

/**
 * Whether the reminders of an incident are this console's to raise: its operator is the commander,
 * or nobody is (the console's operator is then treated as commander, as before roles existed).
 */
export function remindersAreHere(holdings: readonly RoleHolding[], operator: Responder): boolean {
  const commander = commanderOf(holdings);
  return commander === null || sameResponder(commander.responder, operator);
}
