import type { CustomerUpdateDraft, PostmortemFields } from '../../../shared/comms-schemas';
import type { Incident } from '../../../shared/model';
import { POSTMORTEM_REQUIRED } from '../reports/postmortem-due';
import { utcMinute } from '../reports/readable-time';

/**
 * The runbook's "Customer comms" template filled from the incident. Whatever is not known yet
 * keeps the template's bracketed placeholder, so the operator sees what is left to write.
 */
export function customerUpdateDraft(incident: Incident, fields: PostmortemFields): CustomerUpdateDraft {
  const symptom = fields.impactSymptoms?.trim() || incident.title;
  const outcome = incident.resolvedAt
    ? `restored service at ${utcMinute(incident.resolvedAt)}`
    : incident.mitigatedAt
      ? `confirmed contained at ${utcMinute(incident.mitigatedAt)}`
      : 'is working to restore service';
  const impact = fields.impactSymptoms?.trim() || '[what users experienced]';
  const cause = fields.rootCause?.trim() || 'investigation ongoing';
  const postmortem =
    incident.severity && POSTMORTEM_REQUIRED.includes(incident.severity) ? ' A full post-mortem will follow within 5 business days of resolution.' : '';
  const body = [
    'Hi,',
    '',
    `At ${utcMinute(incident.startedAt)}, we detected ${lowerFirst(symptom)}. Our team engaged immediately and ${outcome}.`,
    '',
    `Impact: ${impact}`,
    '',
    `Cause: ${cause}`,
    '',
    `What we're doing: [remediation steps]${postmortem}`,
    '',
    'If you have questions, reply to this email.',
    '',
  ].join('\n');
  // A drill's update must never read as a real one if it is pasted somewhere by mistake.
  return {
    subject: `${incident.drill ? '[DRILL] ' : ''}Service incident — ${incident.title}`,
    body: incident.drill ? `[DRILL: an exercise, not an incident]\n\n${body}` : body,
  };
}

function lowerFirst(text: string): string {
  // "Checkout API returning 500s" reads as "checkout API returning 500s" mid-sentence; acronyms stay.
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
