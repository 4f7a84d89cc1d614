import { utcMinute } from './readable-time';
import { DRILL_NOTE, FIELD_PLACEHOLDERS, durationText, severityText } from './postmortem-markdown';
import type { PostmortemFacts } from './postmortem-facts';
import { MARK_STYLES, SEVERITY_COLOURS, escapeXml, timelineStripSvg } from './timeline-strip-svg';

const CSS = `
body { font: 15px/1.5 system-ui, 'Segoe UI', 'DejaVu Sans', sans-serif; color: #14181d; background: #fff; margin: 32px auto; max-width: 1160px; padding: 0 24px; }
h1 { font-size: 26px; margin: 0 0 12px; } p.drill { background: #fff3d6; border: 2px solid #b26a00; padding: 8px 12px; font-weight: 700; } h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 1px solid #d3d8df; padding-bottom: 4px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; } dl.facts dt { color: #5b6572; font-weight: 600; } dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #d3d8df; padding: 5px 8px; text-align: left; vertical-align: top; } th { background: #eceef2; }
td.time { white-space: nowrap; font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: 13px; }
.strip { margin: 8px 0 4px; overflow-x: auto; } .strip svg { display: block; max-width: 100%; height: auto; }
.timeline-strip text { font: 13px system-ui, 'DejaVu Sans', sans-serif; } .timeline-strip .sev-label { font-weight: 700; fill: #fff; font-size: 15px; }
.timeline-strip .mark-label { font-weight: 700; } .timeline-strip .halted-label { fill: #fff; font-size: 10px; font-weight: 700; } .timeline-strip .tick { fill: #5b6572; font-size: 12px; } .timeline-strip .strip-caption { font-weight: 600; fill: #5b6572; }
.timeline-strip .mark-tag { font-size: 11px; font-weight: 700; } .timeline-strip .mark-key { font-size: 13px; fill: #14181d; } .timeline-strip .mark-key-number { font-weight: 700; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 13px; color: #5b6572; margin: 4px 0 0; padding: 0; list-style: none; }
.swatch { display: inline-block; width: 14px; height: 14px; vertical-align: -2px; margin-right: 5px; border-radius: 2px; }
.narrative { white-space: pre-wrap; } .placeholder { color: #5b6572; font-style: italic; } footer { margin-top: 32px; color: #5b6572; font-size: 13px; }
@media print { body { margin: 0; max-width: none; } .strip { overflow: visible; } }
`;

const STATUS_LABEL = { open: 'open', in_progress: 'in progress', done: 'done', dropped: 'dropped' } as const;

/** The post-mortem as one self-contained page: inline CSS and SVG, no script, nothing fetched. */
export function postmortemHtml(facts: PostmortemFacts): string {
  const esc = escapeXml;
  const narrative = (name: keyof typeof FIELD_PLACEHOLDERS): string => {
    const value = facts.fields[name]?.trim();
    return value ? `<div class="narrative">${esc(value)}</div>` : `<div class="narrative placeholder">${esc(FIELD_PLACEHOLDERS[name] || '—')}</div>`;
  };
  const impact = (label: string, name: keyof typeof FIELD_PLACEHOLDERS): string =>
    `<li>${esc(label)}: ${facts.fields[name]?.trim() ? esc(facts.fields[name]!.trim()) : `<span class="placeholder">${esc(FIELD_PLACEHOLDERS[name] || 'not recorded')}</span>`}</li>`;
  const legend = [
    ...(['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const).map((sev) => `<li><span class="swatch" data-colour="${sev}"></span>${sev}</li>`),
    '<li><span class="swatch" data-colour="halted"></span>Platform halted</li>',
    ...Object.entries(MARK_STYLES).map(
      ([kind, style]) =>
        `<li><b>${style.symbol}</b> ${esc({ halt: 'Kill switch halt', resume: 'Resume', ack: 'Acknowledged', mitigated: 'Mitigated', resolved: 'Resolved' }[kind as keyof typeof MARK_STYLES])}</li>`,
    ),
  ].join('');
  // Swatch colours come from one table; a class per severity keeps the page free of inline style attributes.
  const swatchCss = [...Object.entries(SEVERITY_COLOURS), ['halted', MARK_STYLES.halt.colour]]
    .map(([sev, colour]) => `.swatch[data-colour="${sev}"] { background: ${colour}; }`)
    .join('\n');
  const timelineRows = facts.timeline.map((row) => `<tr><td class="time">${esc(utcMinute(row.at))}</td><td>${esc(row.event)}</td></tr>`).join('');
  const actionRows =
    facts.actionItems.length === 0
      ? '<tr><td colspan="4" class="placeholder">No action items recorded yet.</td></tr>'
      : facts.actionItems
          .map((item) => `<tr><td>${esc(item.action)}</td><td>${esc(item.owner)}</td><td>${esc(item.due ?? '')}</td><td>${STATUS_LABEL[item.status]}</td></tr>`)
          .join('');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${facts.drill ? 'DRILL' : 'Incident'} ${esc(facts.startedAt.slice(0, 10))}: ${esc(facts.title)}</title>
<style>${CSS}${swatchCss}</style>
</head>
<body>
<h1>${facts.drill ? 'DRILL' : 'Incident'} ${esc(facts.startedAt.slice(0, 10))}: ${esc(facts.title)}</h1>
${facts.drill ? `<p class="drill">${esc(DRILL_NOTE.replace(/\*\*/g, ''))}</p>` : ''}
<dl class="facts">
<dt>Severity</dt><dd>${esc(severityText(facts))}</dd>
<dt>Duration</dt><dd>${esc(durationText(facts))}</dd>
<dt>Detected by</dt><dd>${esc(facts.detectedBy)}</dd>
<dt>Resolved by</dt><dd>${facts.resolvedBy ? esc(facts.resolvedBy) : '<span class="placeholder">[name / on-call rotation]</span>'}</dd>
</dl>
<h2>Severity over time</h2>
<div class="strip">${timelineStripSvg(facts)}</div>
<ul class="legend">${legend}</ul>
<h2>Impact</h2>
<ul>${impact('Number of accounts affected', 'impactAccounts')}${impact('User-visible symptoms', 'impactSymptoms')}${impact('Data integrity impact (none / data loss / corruption)', 'impactDataIntegrity')}${impact('SLA breach', 'impactSla')}</ul>
<h2>Timeline (all times UTC)</h2>
<table><thead><tr><th>Time</th><th>Event</th></tr></thead><tbody>${timelineRows}</tbody></table>
<h2>What happened (technical)</h2>${narrative('whatHappened')}
<h2>Root cause</h2>${narrative('rootCause')}
<h2>What went well</h2>${narrative('wentWell')}
<h2>What went poorly</h2>${narrative('wentPoorly')}
<h2>Action items</h2>
<table><thead><tr><th>Action</th><th>Owner</th><th>Due</th><th>Status</th></tr></thead><tbody>${actionRows}</tbody></table>
<h2>Lessons (for future on-call rotations)</h2>${narrative('lessons')}
<footer>Exported from Incident Console: ${facts.entryCount} journal entries. The full timeline with its hash chain is in timeline-bundle.json.</footer>
</body>
</html>
`;
}
