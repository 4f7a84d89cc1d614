import { z } from 'zod';
import { Impact, RestorePreview } from '../../../shared/powernode-schemas';
import { snakeCaseAnswer } from './snake-case-answer';

// The server's answers as they really are (powernode-api.md §1–§5), parsed before any use.
// Fields the console does not need are left out (zod strips them); fields that differ between
// server versions are optional.

export const ErrorEnvelope = z.object({
  success: z.literal(false),
  error: z.string(),
  code: z.string().optional(),
  message: z.string().optional(),
  retry_after: z.number().optional(),
});

/** `data` is left out when the payload is nil or an empty hash (an array is always there). */
export const SuccessEnvelope = z.object({ success: z.literal(true), data: z.unknown().optional(), message: z.string().optional() });

export const ApiUser = z.object({
  id: z.string(),
  name: z.string(),
  full_name: z.string().optional(),
  email: z.string(),
  permissions: z.array(z.string()),
  status: z.string().optional(),
});
export type ApiUser = z.infer<typeof ApiUser>;

export const LoginSuccess = z.object({
  user: ApiUser,
  access_token: z.string().min(1),
  expires_at: z.string(),
  warning: z.string().optional(),
});

export const LoginNeeds2fa = z.object({ requires_2fa: z.literal(true), verification_token: z.string().min(1) });

export const LoginAnswer = z.union([LoginNeeds2fa, LoginSuccess]);

export const RefreshAnswer = z.object({ access_token: z.string().min(1), expires_at: z.string() });

export const MeAnswer = z.object({ user: ApiUser });

export const ApiPerson = z.object({ id: z.string(), email: z.string(), name: z.string() });

/** The last halt's snapshot, parsed here once into the console's camelCase RestorePreview. */
export const ApiSnapshotPreview = snakeCaseAnswer(RestorePreview);

export const ApiStatus = z.object({
  halted: z.boolean(),
  since: z.string().nullable(),
  snapshot_preview: ApiSnapshotPreview.nullable().optional(),
  latest_event: z
    .object({
      id: z.string(),
      event_type: z.string(),
      reason: z.string(),
      created_at: z.string(),
      triggered_by: ApiPerson.nullable(),
    })
    .nullable(),
});
export type ApiStatus = z.infer<typeof ApiStatus>;

/** A halt's impact, parsed here once into the console's camelCase Impact. */
export const ApiImpact = snakeCaseAnswer(Impact);

export const ApiEvent = z.object({
  id: z.string(),
  event_type: z.enum(['halt', 'resume']),
  reason: z.string(),
  triggered_by: ApiPerson.nullable(),
  impact: ApiImpact.nullable().optional(),
  resume_mode: z.enum(['full', 'minimal']).nullable().optional(),
  created_at: z.string(),
});
export type ApiEvent = z.infer<typeof ApiEvent>;

export const HaltOrResumeAnswer = z.object({ event: ApiEvent, kill_switch_status: ApiStatus });

export const EventsAnswer = z.object({ events: z.array(ApiEvent), total_count: z.number().int() });

export const ApiAgent = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable().optional(),
  agent_type: z.string(),
  status: z.string(),
  last_executed_at: z.string().nullable().optional(),
  created_by: z.object({ name: z.string(), email: z.string() }).nullable().optional(),
  execution_stats: z.object({ total_executions: z.number(), failed_executions: z.number() }).optional(),
});
export type ApiAgent = z.infer<typeof ApiAgent>;

export const AgentsAnswer = z.object({
  items: z.array(ApiAgent),
  pagination: z.object({
    current_page: z.number().int(),
    per_page: z.number().int(),
    total_pages: z.number().int(),
    total_count: z.number().int(),
  }),
});

export const AgentActionAnswer = z.object({ agent: ApiAgent });

const Check = z.object({ status: z.string() }).catchall(z.unknown());
export const HealthAnswer = z.object({
  status: z.string(),
  timestamp: z.string().optional(),
  uptime_seconds: z.number().optional(),
  version: z.string().optional(),
  checks: z.record(z.string(), Check).optional(),
});
