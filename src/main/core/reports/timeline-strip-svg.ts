import type { Severity } from '../../../shared/model';
import type { MarkKind, PostmortemFacts } from './postmortem-facts';

const WIDTH = 1100;
const LEFT = 90;
const RIGHT = 30;
const BAND_TOP = 74;
const BAND_HEIGHT = 44;
const LABEL_ROW_HEIGHT = 17;
const LABEL_ROWS = 3;
const HALT_TOP = BAND_TOP + BAND_HEIGHT + 3;
const HALT_HEIGHT = 12;
const AXIS_TOP = HALT_TOP + HALT_HEIGHT + 6;
const HEIGHT = AXIS_TOP + 46;

export const SEVERITY_COLOURS: Record<Severity | 'none', string> = {
  SEV1: '#d92d2f',
  SEV2: '#f07a2a',
  SEV3: '#e9b500',
  SEV4: '#4f8fe0',
  none: '#9aa3ad',
};

export const MARK_STYLES: Record<MarkKind, { colour: string; symbol: string }> = {
  halt: { colour: '#b3131b', symbol: '■' },
  resume: { colour: '#1c8a4a', symbol: '▶' },
  ack: { colour: '#1f5fbf', symbol: '●' },
  mitigated: { colour: '#7a3fc4', symbol: '◆' },
  resolved: { colour: '#14181d', symbol: '✔' },
};

/**
 * The incident at a glance as inline SVG (no script, no external resource): severity over time
 * as coloured bands, with marks for halt, resume, acknowledgement, mitigation and resolution.
 * Mark labels sit on up to three rows so close events stay readable.
 */
export function timelineStripSvg(facts: PostmortemFacts): string {
  const start = Date.parse(facts.startedAt);
  const end = Math.max(Date.parse(facts.windowEnd), start + 60_000);
  const span = end - start;
  // Clamped to the window: a halt in effect before the incident started sits at its left edge.
  const x = (iso: string): number => LEFT + (Math.min(Math.max(Date.parse(iso) - start, 0), span) / span) * (WIDTH - LEFT - RIGHT);
  const parts: string[] = [];

  parts.push(`<text x="${LEFT - 10}" y="${BAND_TOP + BAND_HEIGHT / 2 + 5}" text-anchor="end" class="strip-caption">Severity</text>`);
  for (const period of facts.severityPeriods) {
    const x1 = x(period.from);
    const width = Math.max(x(period.to) - x1, 1);
    const label = period.severity ?? 'unset';
    parts.push(
      `<rect class="sev-band sev-${label}" data-severity="${label}" x="${x1.toFixed(1)}" y="${BAND_TOP}" width="${width.toFixed(1)}" height="${BAND_HEIGHT}" fill="${SEVERITY_COLOURS[period.severity ?? 'none']}"><title>${label}: ${period.from} → ${period.to}</title></rect>`,
    );
    if (width > 46) {
      parts.push(`<text class="sev-label" x="${(x1 + width / 2).toFixed(1)}" y="${BAND_TOP + BAND_HEIGHT / 2 + 5}" text-anchor="middle">${label}</text>`);
    }
  }

  // While the platform was halted (halt → resume, or to the end): a dark bar under the bands.
  let haltedFrom: string | null = null;
  const halted: Array<[string, string]> = [];
  for (const mark of facts.marks) {
    if (mark.kind === 'halt' && haltedFrom === null) haltedFrom = mark.at;
    if (mark.kind === 'resume' && haltedFrom !== null) {
      halted.push([haltedFrom, mark.at]);
      haltedFrom = null;
    }
  }
  if (haltedFrom !== null) halted.push([haltedFrom, new Date(end).toISOString()]);
  for (const [from, to] of halted) {
    const x1 = x(from);
    const width = Math.max(x(to) - x1, 2);
    parts.push(
      `<rect class="halted-period" x="${x1.toFixed(1)}" y="${HALT_TOP}" width="${width.toFixed(1)}" height="${HALT_HEIGHT}" fill="${MARK_STYLES.halt.colour}"><title>Platform halted ${from} → ${to}</title></rect>`,
    );
    if (width > 110)
      parts.push(`<text class="halted-label" x="${(x1 + width / 2).toFixed(1)}" y="${HALT_TOP + HALT_HEIGHT - 2}" text-anchor="middle">platform halted</text>`);
  }

  // Labels are placed right to left, each on the lowest row where it neither touches another
  // label nor is crossed by another mark's line (a line runs from its label down to the band).
  // Near the right edge a label is drawn to the left of its line so it is never cut off.
  const placed: Array<{ x: number; row: number; start: number; end: number }> = [];
  const drawn: string[] = [];
  for (const mark of [...facts.marks].reverse()) {
    const style = MARK_STYLES[mark.kind];
    const markX = x(mark.at);
    const text = `${style.symbol} ${mark.label} ${mark.at.slice(11, 16)}`;
    const textWidth = text.length * 7.5 + 6;
    const leftward = markX + textWidth > WIDTH - 4;
    const [start, end] = leftward ? [markX - textWidth, markX] : [markX, markX + textWidth];
    const fits = (row: number): boolean =>
      placed.every((other) => {
        if (other.row === row) return other.end < start - 4 || other.start > end + 4;
        if (other.row < row) return markX < other.start - 2 || markX > other.end + 2;
        return other.x < start - 2 || other.x > end + 2;
      });
    let row = [...Array(LABEL_ROWS).keys()].find(fits);
    if (row === undefined) row = LABEL_ROWS - 1;
    placed.push({ x: markX, row, start, end });
    const labelY = BAND_TOP - 8 - row * LABEL_ROW_HEIGHT;
    const textX = leftward ? markX - 4 : markX + 4;
    drawn.unshift(
      `<g class="mark mark-${mark.kind}" data-at="${mark.at}"><line x1="${markX.toFixed(1)}" x2="${markX.toFixed(1)}" y1="${labelY + 3}" y2="${HALT_TOP + HALT_HEIGHT}" stroke="${style.colour}" stroke-width="2.5"/><text x="${textX.toFixed(1)}" y="${labelY}" fill="${style.colour}" class="mark-label"${leftward ? ' text-anchor="end"' : ''}>${escapeXml(text)}</text></g>`,
    );
  }
  parts.push(...drawn);

  parts.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${AXIS_TOP}" y2="${AXIS_TOP}" stroke="#5b6572"/>`);
  for (const tick of ticks(start, end)) {
    const tickX = x(new Date(tick).toISOString());
    const iso = new Date(tick).toISOString();
    parts.push(
      `<line x1="${tickX.toFixed(1)}" x2="${tickX.toFixed(1)}" y1="${AXIS_TOP}" y2="${AXIS_TOP + 6}" stroke="#5b6572"/><text class="tick" x="${tickX.toFixed(1)}" y="${AXIS_TOP + 20}" text-anchor="middle">${iso.slice(11, 16)}</text>`,
    );
  }
  parts.push(
    `<text class="tick" x="${LEFT}" y="${AXIS_TOP + 38}">${facts.startedAt.slice(0, 10)} (UTC)</text>`,
    `<text class="tick" x="${WIDTH - RIGHT}" y="${AXIS_TOP + 38}" text-anchor="end">${new Date(end).toISOString().slice(0, 16).replace('T', ' ')} UTC</text>`,
  );

  return `<svg class="timeline-strip" role="img" aria-label="Severity over time with halt, resume, acknowledgement and mitigation marks" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">${parts.join('')}</svg>`;
}

/** Round steps (5 min … 1 day) giving about eight ticks across the window. */
function ticks(start: number, end: number): number[] {
  const steps = [5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((minutes) => minutes * 60_000);
  const step = steps.find((candidate) => (end - start) / candidate <= 9) ?? steps.at(-1)!;
  const result: number[] = [];
  for (let tick = Math.ceil(start / step) * step; tick <= end; tick += step) result.push(tick);
  return result;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
