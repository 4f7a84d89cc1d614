import { ConsoleError } from '../../../shared/errors';
import type { Incident, Responder } from '../../../shared/model';
import {
  commanderOf,
  currentRoles,
  remindersAreHere,
  respondersNamed,
  ROLE_KINDS,
  ROLE_LABELS,
  sameResponder,
  SINGLE_HOLDER_ROLES,
  type RoleHolding,
} from '../../../shared/team-roles';
import type { RoleHoldingView, TeamDevice, TeamMember, TeamRoster } from '../../../shared/team-schemas';
import type { Handlers, MethodsIn } from '../handlers';
import type { JournalPort } from '../journal/journal-port';
import type { RemindsHere } from '../reminders/deadline-watch';

export interface TeamServiceDeps {
  journal: JournalPort;
  /** This console's operator: the author of everything it writes. */
  operator: string;
  /** This console install's device id. */
  device: string;
  /** The fingerprints of this device's own keys, oldest first (its device file), shown even before one signed here. */
  ownFingerprints?: () => readonly string[];
}

export interface TeamService {
  handlers: Handlers<MethodsIn<'team'>>;
  /** Who is in the incident and who holds each role now (what `team.roster` answers). */
  roster(incidentId: string): Promise<TeamRoster>;
  /** Whether this console raises the incident's reminders now: its operator is commander, or nobody is. */
  remindsHere: RemindsHere;
}

/** Who a responder is when the operator names them: the device is filled in when their name wrote from exactly one. */
interface NamedResponder {
  name: string;
  device?: string | null;
}

/**
 * Roles and handover, as journal entries: who holds each role is derived from the incident's role
 * entries in timeline order every time it is asked (so entries merged from other consoles count
 * exactly as this console's own), never kept in a counter beside the journal.
 */
export function createTeamService(deps: TeamServiceDeps): TeamService {
  const operator: Responder = { name: deps.operator, device: deps.device };
  const roleEntriesOf = (incidentId: string) => deps.journal.entriesOfKinds(incidentId, ROLE_KINDS);
  const holdingsOf = (incidentId: string): RoleHolding[] => currentRoles(roleEntriesOf(incidentId));

  /** A named responder with their device, when the journal shows that name writing from one device only. */
  const identify = async (incidentId: string, named: NamedResponder): Promise<Responder> => {
    const name = named.name.trim();
    if (named.device !== undefined) return { name, device: named.device };
    if (sameResponder({ name, device: null }, operator)) return operator;
    const devices = new Set(
      (await deps.journal.writersOf(incidentId))
        .filter((writer) => sameResponder({ name: writer.author, device: null }, { name, device: null }))
        .map((writer) => writer.device),
    );
    const [only] = devices;
    return { name, device: devices.size === 1 && only ? only : null };
  };

  const view = (holding: RoleHolding): RoleHoldingView => ({ ...holding, you: sameResponder(holding.responder, operator) });

  const roster = async (incidentId: string): Promise<TeamRoster> => {
    // Counted first (in turns, the first time), then everything else read in the turn that answers.
    const writers = await deps.journal.writersOf(incidentId);
    const roleEntries = roleEntriesOf(incidentId);
    const holdings = currentRoles(roleEntries);
    const named = respondersNamed(roleEntries);
    const deviceIds = [...new Set([...writers.map((writer) => writer.device), ...named.map((responder) => responder.device)].filter((id) => id !== null))];
    const keys = deps.journal.keysOfDevices(deviceIds);
    const fingerprintsOf = (deviceId: string | null): string[] => {
      if (deviceId === null) return [];
      const recorded = keys.filter((key) => key.deviceId === deviceId).map((key) => key.fingerprint);
      const own = deviceId === deps.device ? (deps.ownFingerprints?.() ?? []) : [];
      return [...new Set([...recorded, ...own])];
    };
    const members: TeamMember[] = [];
    const memberFor = (name: string): TeamMember => {
      let member = members.find((candidate) => sameResponder({ name: candidate.name, device: null }, { name, device: null }));
      if (!member) {
        member = { name, you: sameResponder({ name, device: null }, { name: operator.name, device: null }), roles: [], devices: [] };
        members.push(member);
      }
      return member;
    };
    for (const writer of writers) {
      const device: TeamDevice = {
        deviceId: writer.device,
        fingerprints: fingerprintsOf(writer.device),
        entries: writer.entries,
        firstAt: writer.firstAt,
        lastAt: writer.lastAt,
        thisConsole: writer.device === deps.device,
      };
      memberFor(writer.author).devices.push(device);
    }
    for (const holding of holdings) memberFor(holding.responder.name).roles.push(view(holding));
    // Everyone a role entry names is in the team, whether or not they hold a role now or wrote here.
    for (const responder of named) {
      const member = memberFor(responder.name);
      const device = responder.device;
      if (device && !member.devices.some((known) => known.deviceId === device)) {
        // Named with a device that has written nothing into this incident yet.
        member.devices.push({
          deviceId: device,
          fingerprints: fingerprintsOf(device),
          entries: 0,
          firstAt: null,
          lastAt: null,
          thisConsole: device === deps.device,
        });
      }
    }
    const commander = commanderOf(holdings);
    return {
      incidentId,
      operator,
      commander: commander ? view(commander) : null,
      remindersHere: remindersAreHere(holdings, operator),
      holdings: holdings.map(view),
      // The commander's entry first, then the rest as they joined: "who is here" reads top down.
      members: members.sort((a, b) => rank(a) - rank(b)),
    };
  };

  const reasonText = (reason: string | undefined, fallback: string) => (reason?.trim() ? reason.trim() : fallback);

  const handOver = async (incidentId: string, named: NamedResponder, reason: string | undefined): Promise<TeamRoster> => {
    const to = await identify(incidentId, named);
    const commander = commanderOf(holdingsOf(incidentId));
    if (commander && sameResponder(commander.responder, to)) {
      throw new ConsoleError('ROLE_UNCHANGED', `${commander.responder.name} already holds command.`);
    }
    const from = commander?.responder ?? null;
    deps.journal.append(incidentId, {
      kind: 'command_handed_over',
      text: reasonText(reason, ''),
      data: { from, to },
    });
    return roster(incidentId);
  };

  const handlers: TeamService['handlers'] = {
    'team.roster': ({ incidentId }) => roster(incidentId),
    'team.assignRole': async ({ incidentId, role, responder: named, expertise, reason }) => {
      const responder = await identify(incidentId, named);
      const holdings = holdingsOf(incidentId);
      const holder = holdings.find((holding) => holding.role === role && (SINGLE_HOLDER_ROLES.has(role) || sameResponder(holding.responder, responder)));
      if (holder && sameResponder(holder.responder, responder)) {
        throw new ConsoleError('ROLE_UNCHANGED', `${holder.responder.name} is already ${ROLE_LABELS[role].toLowerCase()}.`);
      }
      if (role === 'commander' && holder) {
        throw new ConsoleError(
          'COMMAND_HELD',
          `${holder.responder.name} holds command: hand over command to ${responder.name} instead, so the handover is on record.`,
        );
      }
      deps.journal.append(incidentId, {
        kind: 'role_assigned',
        text: reasonText(reason, ''),
        data: { role, responder, ...(expertise?.trim() ? { expertise: expertise.trim() } : {}) },
      });
      return roster(incidentId);
    },
    'team.releaseRole': async ({ incidentId, role, responder: named, reason }) => {
      const responder = await identify(incidentId, named);
      const holder = holdingsOf(incidentId).find((holding) => holding.role === role && sameResponder(holding.responder, responder));
      if (!holder) throw new ConsoleError('ROLE_NOT_HELD', `${responder.name} is not ${ROLE_LABELS[role].toLowerCase()}.`);
      deps.journal.append(incidentId, { kind: 'role_released', text: reasonText(reason, ''), data: { role, responder: holder.responder } });
      return roster(incidentId);
    },
    'team.handOver': ({ incidentId, to, reason }) => handOver(incidentId, to, reason),
  };

  // Asked by every reminder check: the role entries are read again only once the incident has a new entry.
  const cached = new Map<string, { entryCount: number; here: boolean }>();
  const remindsHere = (incident: Incident): boolean => {
    const known = cached.get(incident.id);
    if (known && known.entryCount === incident.entryCount) return known.here;
    const here = remindersAreHere(holdingsOf(incident.id), operator);
    cached.set(incident.id, { entryCount: incident.entryCount, here });
    return here;
  };

  return { handlers, roster, remindsHere };
}

function rank(member: TeamMember): number {
  return member.roles.some((holding) => holding.role === 'commander') ? 0 : member.roles.length > 0 ? 1 : 2;
}
