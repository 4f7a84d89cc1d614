import type { PostmortemField } from '../../../shared/model';
import { hoursAndMinutes, utcMinute } from './readable-time';
import { oneLine, type PostmortemFacts } from './postmortem-facts';

/** The runbook template's placeholder for each field the operator has not written yet. */
export const FIELD_PLACEHOLDERS: Record<Exclude<PostmortemField, 'resolvedBy'>, string> = {
  impactAccounts: '',
  impactSymptoms: '',
  impactDataIntegrity: '',
  impactSla: 'yes/no, by [N] minutes',
  whatHappened: '[Narrative: state of system before, change that triggered, propagation, observable effects.]',
  rootCause: '[The actual underlying cause, not the proximate trigger. Use 5-whys if the cause is non-obvious.]',
  wentWell: '- [What allowed faster detection / shorter MTTR]',
  wentPoorly: '- [Gaps in monitoring, runbooks, tooling]',
  lessons: '[1-2 bullet points worth remembering. Add to `platform.create_learning` so other operators benefit.]',
};

const STATUS_LABEL = { open: 'open', in_progress: 'in progress', done: 'done', dropped: 'dropped' } as const;

/** Said at the top of every document of a drill, so no reader takes an exercise for an outage. */
export const DRILL_NOTE = '**DRILL: an exercise, not an incident.** Nothing in it happened to customers; it is left out of the metrics.';

/** The post-mortem as Markdown, section for section the runbook's "Post-mortem template". */
export function postmortemMarkdown(facts: PostmortemFacts): string {
  const field = (name: keyof typeof FIELD_PLACEHOLDERS): string => inert(facts.fields[name]?.trim() ?? '') || FIELD_PLACEHOLDERS[name];
  const inline = (name: keyof typeof FIELD_PLACEHOLDERS): string => {
    const value = inert(oneLine(facts.fields[name] ?? ''));
    return value ? ` ${value}` : FIELD_PLACEHOLDERS[name] ? ` ${FIELD_PLACEHOLDERS[name]}` : '';
  };
  const lines: string[] = [];
  lines.push(`# ${facts.drill ? 'DRILL' : 'Incident'} ${facts.startedAt.slice(0, 10)}: ${inert(oneLine(facts.title))}`, '');
  if (facts.drill) lines.push(DRILL_NOTE, '');
  lines.push(`**Severity:** ${severityText(facts)}  `);
  lines.push(`**Duration:** ${durationText(facts)}  `);
  lines.push(`**Detected by:** ${inert(oneLine(facts.detectedBy))}  `);
  lines.push(`**Resolved by:** ${facts.resolvedBy ? inert(oneLine(facts.resolvedBy)) : '[name / on-call rotation]'}`, '');

  lines.push('## Impact', '');
  lines.push(`- Number of accounts affected:${inline('impactAccounts')}`);
  lines.push(`- User-visible symptoms:${inline('impactSymptoms')}`);
  lines.push(`- Data integrity impact (none / data loss / corruption):${inline('impactDataIntegrity')}`);
  lines.push(`- SLA breach:${inline('impactSla')}`, '');

  lines.push('## Timeline (all times UTC)', '', '| Time | Event |', '|------|-------|');
  for (const row of facts.timeline) lines.push(`| ${utcMinute(row.at).replace(' UTC', '')} | ${cell(row.event)} |`);
  lines.push('');

  lines.push('## What happened (technical)', '', field('whatHappened'), '');
  lines.push('## Root cause', '', field('rootCause'), '');
  lines.push('## What went well', '', bullets(field('wentWell')), '');
  lines.push('## What went poorly', '', bullets(field('wentPoorly')), '');

  lines.push('## Action items', '', '| Action | Owner | Due | Status |', '|--------|-------|-----|--------|');
  if (facts.actionItems.length === 0) {
    lines.push(
      '| [Fix root cause permanently] | | | open |',
      '| [Add monitoring/alert that would have caught this] | | | open |',
      '| [Update runbook section X] | | | open |',
    );
  }
  for (const item of facts.actionItems) {
    lines.push(`| ${cell(item.action)} | ${cell(item.owner)} | ${item.due ?? ''} | ${STATUS_LABEL[item.status]} |`);
  }
  lines.push('');

  lines.push('## Lessons (for future on-call rotations)', '', field('lessons'), '');
  lines.push(
    '---',
    '',
    `_Exported from Incident Console: ${facts.entryCount} journal entries. The full timeline with its hash chain is in timeline-bundle.json (check it with \`npm run verify -- timeline-bundle.json\`)._`,
    '',
  );
  return lines.join('\n');
}

export function severityText(facts: PostmortemFacts): string {
  if (!facts.peakSeverity) return 'not set';
  return facts.finalSeverity && facts.finalSeverity !== facts.peakSeverity
    ? `${facts.peakSeverity} (peak; ${facts.finalSeverity} at the end)`
    : facts.peakSeverity;
}

export function durationText(facts: PostmortemFacts): string {
  if (!facts.endedAt) {
    return `${utcMinute(facts.startedAt)} → ongoing (${hoursAndMinutes(Date.parse(facts.windowEnd) - Date.parse(facts.startedAt))} so far)`;
  }
  return `${utcMinute(facts.startedAt)} → ${utcMinute(facts.endedAt)} (${hoursAndMinutes(Date.parse(facts.endedAt) - Date.parse(facts.startedAt))})`;
}

/** Table cells hold one line and no column separators. */
function cell(text: string): string {
  return inert(oneLine(text)).replace(/\|/g, '\\|');
}

/**
 * Journal text as Markdown that renders as the text it is: a Markdown viewer passes raw HTML
 * through, so `<script>` or `<img onerror>` typed (or pasted from a command's output) into an
 * entry would run there. Angle brackets become entities, and so does an ampersand that would
 * otherwise start one; the reader sees the same characters.
 */
export function inert(text: string): string {
  return text
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** The "went well/poorly" sections are lists; plain lines typed by the operator become list items. */
function bullets(text: string): string {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => (/^\s*[-*] /.test(line) ? line : `- ${line.trim()}`))
    .join('\n');
}
