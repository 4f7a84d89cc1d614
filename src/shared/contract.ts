import type { z } from 'zod';
import { method, noInput } from './contract-kit';
import { AppCommand, AppInfo, AppNotice, AppSettings, AppSettingsPatch, SetAsideFile, SetAsideFiles } from './app-schemas';
import {
  AppendEntryInput,
  ChainVerification,
  CreateIncidentInput,
  EntriesInput,
  EntryAppended,
  EntryPage,
  IncidentList,
  IncidentRef,
  JournalStatus,
  LookupInput,
  LookupResult,
  RemovedDrills,
  SearchInput,
  SearchResult,
  SetStatusInput,
} from './journal-schemas';
import {
  ExportBundleInput,
  ExportBundleResult,
  ImportBundleInput,
  ImportResult,
  JoinIncidentInput,
  ShareIncidentInput,
  ShareIncidentResult,
} from './chain-exchange-schemas';
import { Incident, TimelineEntry } from './model';
import {
  AgentActionInput,
  AgentActionResult,
  AgentsListInput,
  AgentsListResult,
  HaltInput,
  HealthResult,
  KillSwitchActionResult,
  KillSwitchEventsInput,
  KillSwitchEventsResult,
  KillSwitchOverview,
  KillSwitchState,
  KillSwitchStatusInput,
  LoginInput,
  LogoutInput,
  LoginResult,
  Profile,
  ProfileRef,
  ProfilesList,
  RestorePreviewResult,
  ResumeInput,
  SessionView,
  SessionsList,
  Verify2faInput,
} from './powernode-schemas';
import { AcknowledgeInput, LoadRunbookInput, RunbookInfo, SetSeverityInput, SetStepInput, SeverityStatus } from './triage-schemas';
import {
  CustomerUpdateDraft,
  ExportInput,
  ExportResult,
  PostmortemState,
  RecordUpdateInput,
  SaveActionItemInput,
  SaveCustomerUpdateInput,
  SavedFile,
  SetPostmortemFieldInput,
  UpdateCadence,
  UpdateDue,
  ActionItem,
} from './comms-schemas';
import { EvidenceStatus, TimestampAuthorityInput, WitnessAnswer, WitnessInput } from './evidence-schemas';
import { AssignRoleInput, HandOverInput, ReleaseRoleInput, TeamRoster } from './team-schemas';
import { MetricsExportInput, MetricsPeriod, MetricsReport } from './metrics-schemas';
import {
  CatalogAnswer,
  HostList,
  PreviewAnswer,
  PreviewInput,
  RemoveHostInput,
  RunDetail,
  RunInput,
  RunList,
  RunOutputEvent,
  RunRef,
  RunSummary,
  SaveHostInput,
} from './diagnostics-schemas';
import { ConfigureSyncInput, SyncStatus } from './sync-schemas';

/**
 * The whole API between the renderer and main, in one place.
 *
 * Every method: a name, a zod input schema and a zod output schema. Every push from main: a
 * name and a payload schema. Both transports (Electron IPC and browser mode's HTTP + SSE) are
 * generated from these two maps, and every input and output is parsed against them at runtime.
 * Adding a capability is one entry here plus its handler in src/main/core.
 */
export const methods = {
  // ── app ────────────────────────────────────────────────────────────────
  'app.info': method('Version, data directory and run mode of this console', noInput, AppInfo),
  'app.settings.get': method('The console-wide preferences (theme)', noInput, AppSettings),
  'app.settings.set': method('Change some preferences; answers all of them', AppSettingsPatch, AppSettings),
  'app.setAsideFiles': method('Side files (settings, profiles, hosts, window state) moved aside as damaged since start', noInput, SetAsideFiles),

  // ── journal ───────────────────────────────────────────────────────────
  'journal.status': method('Where the journal lives, whether it was checked, and why it cannot be used (or only read) if so', noInput, JournalStatus),
  'journal.startNew': method('Move a damaged journal aside (kept byte for byte) and start a new one beside it', noInput, JournalStatus),
  'incidents.create': method('Open a new incident (start time may be backdated)', CreateIncidentInput, Incident),
  'incidents.list': method('Every incident in the journal, most recent first', noInput, IncidentList),
  'incidents.get': method('One incident with its current severity and status', IncidentRef, Incident),
  'incidents.removeDrills': method(
    "Remove every drill with all its entries in one step; real incidents' records are not touched (the journal refuses it)",
    noInput,
    RemovedDrills,
  ),
  'incidents.setStatus': method('Move an incident to acknowledged, mitigated or resolved (journaled)', SetStatusInput, Incident),
  'journal.append': method('Append a note, amendment, redaction, pin or unpin', AppendEntryInput, TimelineEntry),
  'journal.entries': method('A page of an incident timeline, filtered by kind or pins', EntriesInput, EntryPage),
  'journal.search': method('Full-text search across incidents', SearchInput, SearchResult),
  'journal.lookup': method('Entries by id (the amendments and targets shown beside an entry)', LookupInput, LookupResult),
  'journal.verify': method('Walk the hash chain and name the first entry that does not verify', IncidentRef, ChainVerification),

  // ── triage & runbook ──────────────────────────────────────────────────
  'runbook.get': method('The active runbook (triage tree, severity table, sections) and where it came from', noInput, RunbookInfo),
  'runbook.load': method('Load another runbook file; an invalid one is refused with the schema path and reason', LoadRunbookInput, RunbookInfo),
  'triage.status': method('Severity, acknowledgement clock, time in each severity and checklist ticks, derived from the journal', IncidentRef, SeverityStatus),
  'triage.setSeverity': method('Set or change the severity, journaled with its reason and the triage path that led to it', SetSeverityInput, Incident),
  'triage.acknowledge': method('Acknowledge the incident (journaled: who, when, target and elapsed time)', AcknowledgeInput, Incident),
  'triage.setStep': method('Tick or untick a runbook checklist step (journaled)', SetStepInput, TimelineEntry),

  // ── powernode ─────────────────────────────────────────────────────────
  'profiles.list': method('Powernode environment profiles (no secrets) and whether a keychain is available', noInput, ProfilesList),
  'profiles.save': method('Adds or updates a profile: name, base URL, email', Profile.strict(), ProfilesList),
  'profiles.remove': method('Removes a profile, its session and its keychain secrets', ProfileRef, ProfilesList),
  'powernode.login': method('Logs in with email and password; may ask for the 2FA code next', LoginInput, LoginResult),
  'powernode.verify2fa': method('Completes a login with the 6-digit authenticator code', Verify2faInput, LoginResult),
  'powernode.logout': method('Logs out on the server and forgets the session and stored secrets', LogoutInput, SessionView),
  'powernode.session': method('Who is logged in on each profile (never tokens)', noInput, SessionsList),
  'powernode.health': method('GET /health/detailed of a profile', ProfileRef, HealthResult),
  'killSwitch.overview': method('The last known kill switch state of every profile (no request)', noInput, KillSwitchOverview),
  'killSwitch.status': method('The kill switch state of a profile; refresh asks the server now', KillSwitchStatusInput, KillSwitchState),
  'killSwitch.halt': method('Halts all AI activity on a profile, with a one-sentence reason (journaled)', HaltInput, KillSwitchActionResult),
  'killSwitch.resume': method('Resumes AI activity (mode full or minimal) with a remediation summary (journaled)', ResumeInput, KillSwitchActionResult),
  'killSwitch.events': method('Kill switch halt/resume history, newest first', KillSwitchEventsInput, KillSwitchEventsResult),
  'killSwitch.previewRestore': method('What a resume would restore', ProfileRef, RestorePreviewResult),
  'agents.list': method('AI agents, filtered by status and search', AgentsListInput, AgentsListResult),
  'agents.pause': method('Pauses one agent (journaled)', AgentActionInput, AgentActionResult),
  'agents.resume': method('Resumes one paused agent (journaled)', AgentActionInput, AgentActionResult),

  // ── diagnostics ───────────────────────────────────────────────────────
  'diagnostics.catalog': method('The runbook command catalog (ids, parameters, effect)', noInput, CatalogAnswer),
  'diagnostics.listHosts': method('Hosts commands can run on (local or SSH targets)', noInput, HostList),
  'diagnostics.saveHost': method('Adds or replaces a host (renames when previousName is given)', SaveHostInput, HostList),
  'diagnostics.removeHost': method('Removes a host', RemoveHostInput, HostList),
  'diagnostics.preview': method('The exact argv a command would run on a host, parameters checked', PreviewInput, PreviewAnswer),
  'diagnostics.run': method('Starts a command on a host; output streams as diagnostics.output', RunInput, RunSummary),
  'diagnostics.cancel': method('Stops a running command', RunRef, RunSummary),
  'diagnostics.listRuns': method('Recent runs of this session, newest first', noInput, RunList),
  'diagnostics.getRun': method('One run with its scrubbed, capped output', RunRef, RunDetail),

  // ── comms & reports ───────────────────────────────────────────────────
  'comms.cadence': method('When the next internal update is due (runbook cadence per severity)', IncidentRef, UpdateCadence),
  'comms.recordUpdate': method('Journal an update as posted (exact text, channel, audience); restarts the clock', RecordUpdateInput, TimelineEntry),
  'comms.customerDraft': method("The runbook's customer update template filled from the incident", IncidentRef, CustomerUpdateDraft),
  'comms.saveCustomerUpdate': method('Write the customer update to a file in a folder (no dialog in browser mode)', SaveCustomerUpdateInput, SavedFile),
  'postmortem.get': method('Post-mortem fields, action items, due date and last export', IncidentRef, PostmortemState),
  'postmortem.setField': method('Set one post-mortem field (journaled; the latest wins)', SetPostmortemFieldInput, PostmortemState),
  'postmortem.saveActionItem': method('Add or change an action item (journaled; the latest per item wins)', SaveActionItemInput, ActionItem),
  'postmortem.export': method(
    'Write Markdown, the signed JSON bundle, HTML (and PDF in the desktop app) and the two verifiers into a folder',
    ExportInput,
    ExportResult,
  ),

  // ── metrics ───────────────────────────────────────────────────────────
  'metrics.compute': method(
    'MTTA, time to mitigate, MTTR and time in each severity over a period, per severity, from the journals (drills left out)',
    MetricsPeriod,
    MetricsReport,
  ),
  'metrics.exportCsv': method('Write the metrics of a period as CSV into a folder', MetricsExportInput, SavedFile),

  // ── evidence ──────────────────────────────────────────────────────────
  'evidence.status': method('The device key of this console (fingerprint), whether this run signs checkpoints, and trusted time', noInput, EvidenceStatus),
  'evidence.rotateKey': method('Replace the device key; every incident it signed records the change, signed by the old key', noInput, EvidenceStatus),
  'evidence.witness': method('The checkpoint fingerprint an update should quote (a new checkpoint when the record moved on)', WitnessInput, WitnessAnswer),
  'evidence.setTimestampAuthority': method('Set or clear the RFC 3161 timestamp authority checkpoints are sent to', TimestampAuthorityInput, EvidenceStatus),

  // ── team ──────────────────────────────────────────────────────────────
  'team.roster': method('Who is in the incident (authors, devices, fingerprints) and who holds each role now, from its entries', IncidentRef, TeamRoster),
  'team.assignRole': method('Give a responder a role (journaled); while someone holds command, it passes only by a handover', AssignRoleInput, TeamRoster),
  'team.releaseRole': method('Take a role from the responder who holds it (journaled)', ReleaseRoleInput, TeamRoster),
  'team.handOver': method('Hand over command to a responder, with an optional reason (journaled); the reminders go with it', HandOverInput, TeamRoster),
  // ── several responders (issue 17) ─────────────────────────────────────
  'chains.share': method("Share an incident as a join code (and file): its id, title and this console's device key", ShareIncidentInput, ShareIncidentResult),
  'chains.join': method('Open, from a join code, the incident another console shares, and write this console’s own chain into it', JoinIncidentInput, Incident),
  'chains.exportBundle': method(
    'Write this console’s chain (or every chain held) of an incident as a responder bundle file (0600)',
    ExportBundleInput,
    ExportBundleResult,
  ),
  'chains.importBundle': method(
    'Import a responder bundle: every chain and signature verified first; equivocation refused and journaled as a tampering alarm',
    ImportBundleInput,
    ImportResult,
  ),
  // ── team sync ─────────────────────────────────────────────────────────
  'sync.status': method('Team database sync: where it is (no credentials), connected or not, last confirmed, entries waiting, last error', noInput, SyncStatus),
  'sync.configure': method(
    'Set the team database connection string (kept in the OS keychain; TLS required off loopback) or clear it with null',
    ConfigureSyncInput,
    SyncStatus,
  ),
  'sync.now': method('Pull and push now; answers the status after it', noInput, SyncStatus),
} as const;

export const events = {
  'app.notice': AppNotice,
  'app.command': AppCommand,
  'app.settings': AppSettings,
  'app.setAside': SetAsideFile,

  // ── journal ───────────────────────────────────────────────────────────
  'journal.appended': EntryAppended,
  'journal.status': JournalStatus,
  'incidents.changed': Incident,
  /** Drills were removed: every list of incidents drops them. */
  'incidents.removed': RemovedDrills,
  /** Other consoles' chains were taken into an incident (or refused, with a tampering alarm): its timeline is read again. */
  'chains.imported': ImportResult,

  // ── powernode ─────────────────────────────────────────────────────────
  'killSwitch.changed': KillSwitchState,
  'powernode.sessionChanged': SessionView,

  // ── diagnostics ───────────────────────────────────────────────────────
  'diagnostics.output': RunOutputEvent,
  'diagnostics.run': RunSummary,

  // ── comms & reports ───────────────────────────────────────────────────
  'comms.updateDue': UpdateDue,

  // ── evidence ──────────────────────────────────────────────────────────
  'evidence.status': EvidenceStatus,

  // ── team sync ─────────────────────────────────────────────────────────
  'sync.status': SyncStatus,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}

/** IPC channel names, derived here so no channel string is written anywhere else. */
export const channelForMethod = (name: MethodName): string => `ic:call:${name}`;
export const channelForEvent = (name: EventName): string => `ic:event:${name}`;
