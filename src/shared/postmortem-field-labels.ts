import type { PostmortemField } from './model';

/** How each post-mortem field is named to people: the editor, the timeline and the exports agree. */
export const POSTMORTEM_FIELD_LABELS: Record<PostmortemField, string> = {
  resolvedBy: 'Resolved by',
  impactAccounts: 'Number of accounts affected',
  impactSymptoms: 'User-visible symptoms',
  impactDataIntegrity: 'Data integrity impact',
  impactSla: 'SLA breach',
  whatHappened: 'What happened (technical)',
  rootCause: 'Root cause',
  wentWell: 'What went well',
  wentPoorly: 'What went poorly',
  lessons: 'Lessons',
};
