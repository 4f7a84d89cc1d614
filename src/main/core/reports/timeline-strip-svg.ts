import type { Severity } from '../../../shared/model';
import type { MarkKind, PostmortemFacts, StripMark } from './postmortem-facts';

const WIDTH = 1100;
const LEFT = 90;
const RIGHT = 30;
const BAND_TOP = 90;
const BAND_HEIGHT = 44;
const LABEL_ROW_HEIGHT = 17;
const LABEL_ROWS = 3;
/** The lowest label row's baseline, one tag's height above the band (the tags sit there). */
const LABEL_TOP = BAND_TOP - 24;
const TAG_TOP = BAND_TOP - 17;
const TAG_PX = 22;
/** Marks closer than this are one cluster: a tag (TAG_PX, right of its line) never reaches the next line. */
const CLUSTER_PX = TAG_PX + 6;
/** A conservative width of one character of a 13px bold label. */
const CHAR_PX = 7.8;
const KEY_LINE_HEIGHT = 18;
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
 * as coloured bands, with marks for halt, resume, acknowledgement, mitigation and resolution, and
 * a time axis (seconds when the window is short, the date where the day changes). Readable at any
 * density: see the placement below.
 */
export function timelineStripSvg(facts: PostmortemFacts): string {
  const start = Date.parse(facts.startedAt);
  const end = Math.max(Date.parse(facts.windowEnd), start + 60_000);
  const span = end - start;
  // Clamped to the window: a halt in effect before the incident started sits at its left edge.
  const x = (iso: string): number => LEFT + (Math.min(Math.max(Date.parse(iso) - start, 0), span) / span) * (WIDTH - LEFT - RIGHT);
  const parts: string[] = [];
  const multiDay = facts.startedAt.slice(0, 10) !== new Date(end).toISOString().slice(0, 10);
  const marks = [...facts.marks].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const sharesMinute = (mark: StripMark): boolean => marks.some((other) => other !== mark && other.at.slice(0, 16) === mark.at.slice(0, 16));
  const when = (mark: StripMark): string => `${multiDay ? `${dayLabel(mark.at)} ` : ''}${mark.at.slice(11, sharesMinute(mark) ? 19 : 16)}`;
  const named = (mark: StripMark): string => `${MARK_STYLES[mark.kind].symbol} ${mark.label} ${when(mark)}`;
  const clusters: Array<{ x: number; marks: StripMark[] }> = [];
  for (const mark of marks) {
    const markX = x(mark.at);
    const last = clusters.at(-1);
    if (last && markX - last.x < CLUSTER_PX) last.marks.push(mark);
    else clusters.push({ x: markX, marks: [mark] });
  }

  const lineXs = clusters.map((cluster) => cluster.x);

  parts.push(`<text x="${LEFT - 10}" y="${BAND_TOP + BAND_HEIGHT / 2 + 5}" text-anchor="end" class="strip-caption">Severity</text>`);
  for (const period of facts.severityPeriods) {
    const x1 = x(period.from);
    const width = Math.max(x(period.to) - x1, 1);
    const label = period.severity ?? 'unset';
    parts.push(
      `<rect class="sev-band sev-${label}" data-severity="${label}" x="${x1.toFixed(1)}" y="${BAND_TOP}" width="${width.toFixed(1)}" height="${BAND_HEIGHT}" fill="${SEVERITY_COLOURS[period.severity ?? 'none']}"><title>${label}: ${period.from} → ${period.to}</title></rect>`,
    );
    // Its name where no mark's line runs through it (a band too narrow, or crossed everywhere, is named by its colour and title).
    const at = freeSpot(x1, x1 + width, label.length * 10 + 4, lineXs);
    if (at !== undefined) parts.push(`<text class="sev-label" x="${at.toFixed(1)}" y="${BAND_TOP + BAND_HEIGHT / 2 + 5}" text-anchor="middle">${label}</text>`);
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
    const at = freeSpot(x1, x1 + width, 90, lineXs);
    if (at !== undefined)
      parts.push(`<text class="halted-label" x="${at.toFixed(1)}" y="${HALT_TOP + HALT_HEIGHT - 2}" text-anchor="middle">platform halted</text>`);
  }

  // Marks closer than a tag's width become one cluster (one line, its members named together), so no
  // two lines or tags can touch. Clusters are labelled right to left, each on the lowest row where it
  // neither touches another label nor is crossed by another cluster's line (a line runs from its label
  // down to the band); near the right edge a label is drawn to the left of its line. A cluster whose
  // label fits no row gets a numbered tag just above the band instead, and its marks are listed in a
  // key under the axis: at any density every mark is drawn and named, and nothing overlaps.
  const placed: Array<{ x: number; row: number; start: number; end: number }> = [];
  const drawn: string[] = [];
  const keyed: Array<{ number: number; cluster: (typeof clusters)[number] }> = [];
  const tagged = new Map<(typeof clusters)[number], number>();
  // Numbered left to right, so the key reads in time order.
  const labelOf = (cluster: (typeof clusters)[number]): string => cluster.marks.map(named).join(' · ');
  const rowFor = (cluster: (typeof clusters)[number]): { row: number; start: number; end: number; leftward: boolean } | undefined => {
    const textWidth = labelOf(cluster).length * CHAR_PX + 6;
    const leftward = cluster.x + textWidth > WIDTH - 4;
    const [start, end] = leftward ? [cluster.x - textWidth, cluster.x] : [cluster.x, cluster.x + textWidth];
    if (start < 4) return undefined;
    const fits = (row: number): boolean =>
      placed.every((other) => {
        if (other.row === row) return other.end < start - 4 || other.start > end + 4;
        if (other.row < row) return cluster.x < other.start - 2 || cluster.x > other.end + 2;
        return other.x < start - 2 || other.x > end + 2;
      });
    const row = [...Array(LABEL_ROWS).keys()].find(fits);
    return row === undefined ? undefined : { row, start, end, leftward };
  };
  for (const cluster of [...clusters].reverse()) {
    const spot = rowFor(cluster);
    if (!spot) {
      tagged.set(cluster, 0);
      continue;
    }
    placed.push({ x: cluster.x, row: spot.row, start: spot.start, end: spot.end });
    const labelY = LABEL_TOP - spot.row * LABEL_ROW_HEIGHT;
    const colour = MARK_STYLES[cluster.marks[0]!.kind].colour;
    const textX = spot.leftward ? cluster.x - 4 : cluster.x + 4;
    drawn.unshift(
      `<g class="${markClass(cluster.marks)}" data-at="${cluster.marks[0]!.at}" data-kinds="${cluster.marks.map((mark) => mark.kind).join(' ')}"><line x1="${cluster.x.toFixed(1)}" x2="${cluster.x.toFixed(1)}" y1="${labelY + 3}" y2="${HALT_TOP + HALT_HEIGHT}" stroke="${colour}" stroke-width="2.5"/><text x="${textX.toFixed(1)}" y="${labelY}" fill="${colour}" class="mark-label"${spot.leftward ? ' text-anchor="end"' : ''}>${escapeXml(labelOf(cluster))}</text></g>`,
    );
  }
  let number = 0;
  for (const cluster of clusters) {
    if (!tagged.has(cluster)) continue;
    number += 1;
    keyed.push({ number, cluster });
    const colour = MARK_STYLES[cluster.marks[0]!.kind].colour;
    drawn.push(
      `<g class="${markClass(cluster.marks)} mark-tagged" data-at="${cluster.marks[0]!.at}" data-kinds="${cluster.marks.map((mark) => mark.kind).join(' ')}"><line x1="${cluster.x.toFixed(1)}" x2="${cluster.x.toFixed(1)}" y1="${TAG_TOP}" y2="${HALT_TOP + HALT_HEIGHT}" stroke="${colour}" stroke-width="2.5"/><rect class="mark-tag-box" x="${(cluster.x + 2).toFixed(1)}" y="${TAG_TOP - 1}" width="${TAG_PX}" height="15" rx="3" fill="#fff" stroke="${colour}"/><text class="mark-tag" x="${(cluster.x + 2 + TAG_PX / 2).toFixed(1)}" y="${TAG_TOP + 11}" text-anchor="middle" fill="${colour}">${number}</text></g>`,
    );
  }
  parts.push(...drawn);

  parts.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${AXIS_TOP}" y2="${AXIS_TOP}" stroke="#5b6572"/>`);
  const axis = ticks(start, end);
  for (const [index, tick] of axis.ticks.entries()) {
    const iso = new Date(tick).toISOString();
    const tickX = x(iso);
    // The date beside the time where the day changes (and on the first tick of a window across days).
    const dated = multiDay && (index === 0 || iso.slice(11, 19) === '00:00:00');
    const text = `${dated ? `${dayLabel(iso)} ` : ''}${iso.slice(11, axis.stepMs < 60_000 ? 19 : 16)}`;
    parts.push(
      `<line x1="${tickX.toFixed(1)}" x2="${tickX.toFixed(1)}" y1="${AXIS_TOP}" y2="${AXIS_TOP + 6}" stroke="#5b6572"/><text class="tick" x="${tickX.toFixed(1)}" y="${AXIS_TOP + 20}" text-anchor="middle">${text}</text>`,
    );
  }
  parts.push(
    `<text class="tick" x="${LEFT}" y="${AXIS_TOP + 38}">${facts.startedAt.slice(0, 10)} (UTC)</text>`,
    `<text class="tick" x="${WIDTH - RIGHT}" y="${AXIS_TOP + 38}" text-anchor="end">${new Date(end).toISOString().slice(0, 16).replace('T', ' ')} UTC</text>`,
  );

  // The key: each tagged cluster's marks, wrapped to the width, one line after another.
  let keyY = AXIS_TOP + 62;
  if (keyed.length > 0) {
    parts.push(`<text class="strip-caption" x="${LEFT}" y="${keyY}">Close together (numbered above the band):</text>`);
    for (const { number: tag, cluster } of keyed) {
      for (const [index, line] of wrap(cluster.marks.map(named), Math.floor((WIDTH - LEFT - RIGHT - 40) / CHAR_PX)).entries()) {
        keyY += KEY_LINE_HEIGHT;
        parts.push(
          `<text class="mark-key" x="${LEFT}" y="${keyY}">${index === 0 ? `<tspan class="mark-key-number">${tag}</tspan>` : ''}<tspan x="${LEFT + 30}">${escapeXml(line)}</tspan></text>`,
        );
      }
    }
  }
  const height = keyed.length > 0 ? keyY + 12 : HEIGHT;

  return `<svg class="timeline-strip" role="img" aria-label="Severity over time with halt, resume, acknowledgement and mitigation marks" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}">${parts.join('')}</svg>`;
}

/** The middle of the widest free stretch of [from, to] for a text `width` wide that no line at `lineXs` crosses; undefined if none. */
function freeSpot(from: number, to: number, width: number, lineXs: readonly number[]): number | undefined {
  const edges = [from, ...lineXs.filter((lineX) => lineX > from && lineX < to).sort((a, b) => a - b), to];
  let best: { at: number; room: number } | undefined;
  for (let index = 1; index < edges.length; index += 1) {
    const room = edges[index]! - edges[index - 1]! - 8;
    if (room >= width && (!best || room > best.room)) best = { at: (edges[index]! + edges[index - 1]!) / 2, room };
  }
  return best?.at;
}

/** "mark mark-halt" for one mark; a cluster carries each of its kinds. */
function markClass(marks: readonly StripMark[]): string {
  return ['mark', ...new Set(marks.map((mark) => `mark-${mark.kind}`))].join(' ');
}

/** "Mar 15": the day of a UTC instant, short. */
function dayLabel(iso: string): string {
  return `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${Number(iso.slice(8, 10))}`;
}
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Items joined by " · " into lines of at most `width` characters (an item longer than that stands alone). */
function wrap(items: readonly string[], width: number): string[] {
  const lines: string[] = [];
  for (const item of items) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 3 + item.length <= width) lines[lines.length - 1] = `${last} · ${item}`;
    else lines.push(item);
  }
  return lines;
}

/** Round steps (1 s … 1 day) giving at most nine ticks across the window. */
function ticks(start: number, end: number): { ticks: number[]; stepMs: number } {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((seconds) => seconds * 1000);
  const step = steps.find((candidate) => (end - start) / candidate <= 9) ?? steps.at(-1)!;
  const result: number[] = [];
  for (let tick = Math.ceil(start / step) * step; tick <= end; tick += step) result.push(tick);
  return { ticks: result, stepMs: step };
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
