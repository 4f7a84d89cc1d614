import { z } from 'zod';
import { EntryId, IncidentId, IsoTime, Role } from './model';

/** A responder as the operator names them: a name (trimmed), and the device they write from when known. */
export const ResponderInput = z
  .object({
    name: z.string().trim().min(1, 'Name the responder').max(120),
    device: z.string().uuid().nullable().optional(),
  })
  .strict();

const Reason = z.string().trim().max(2000).optional();

export const AssignRoleInput = z
  .object({ incidentId: IncidentId, role: Role, responder: ResponderInput, expertise: z.string().trim().max(120).optional(), reason: Reason })
  .strict();

export const ReleaseRoleInput = z.object({ incidentId: IncidentId, role: Role, responder: ResponderInput, reason: Reason }).strict();

export const HandOverInput = z.object({ incidentId: IncidentId, to: ResponderInput, reason: Reason }).strict();

const ResponderOut = z.object({ name: z.string(), device: z.string().nullable() });

export const RoleHoldingView = z.object({
  role: Role,
  responder: ResponderOut,
  expertise: z.string().nullable(),
  since: IsoTime,
  entryId: EntryId,
  by: z.string(),
  /** The responder is this console's operator. */
  you: z.boolean(),
});
export type RoleHoldingView = z.infer<typeof RoleHoldingView>;

/** One console install a person wrote from: what the entries' `device` column and the `device_keys` table say of it. */
export const TeamDevice = z.object({
  /** null: entries written before consoles had device ids. */
  deviceId: z.string().nullable(),
  /** The fingerprints (sha256 of the public key, hex) of the keys it signed with, oldest first. */
  fingerprints: z.array(z.string()),
  entries: z.number().int().nonnegative(),
  firstAt: IsoTime.nullable(),
  lastAt: IsoTime.nullable(),
  /** This console. */
  thisConsole: z.boolean(),
});
export type TeamDevice = z.infer<typeof TeamDevice>;

export const TeamMember = z.object({
  name: z.string(),
  /** The console's operator. */
  you: z.boolean(),
  roles: z.array(RoleHoldingView),
  devices: z.array(TeamDevice),
});
export type TeamMember = z.infer<typeof TeamMember>;

/** Who is in an incident and who holds each role now, derived from its entries. */
export const TeamRoster = z.object({
  incidentId: IncidentId,
  operator: ResponderOut,
  commander: RoleHoldingView.nullable(),
  /** The acknowledgement and update reminders are raised by this console (its operator is commander, or nobody is). */
  remindersHere: z.boolean(),
  holdings: z.array(RoleHoldingView),
  members: z.array(TeamMember),
});
export type TeamRoster = z.infer<typeof TeamRoster>;
