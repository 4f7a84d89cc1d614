import type { MetricsRow } from '../../../../shared/incident-metrics';
import { formatDuration } from '../../format/time';

const MEASURES = [
  { key: 'mtta', label: 'MTTA', colour: 'var(--accent)' },
  { key: 'mttm', label: 'Time to mitigate', colour: 'var(--warning)' },
  { key: 'mttr', label: 'MTTR', colour: 'var(--ok)' },
] as const;
const WIDTH = 880;
const BAR = 26;
const GAP = 6;
const LABEL = 70;
const TOP = 28;

/**
 * The three means of each severity group side by side, on one time scale, each bar with its value
 * written on it; a group with no incident says so instead of drawing nothing. The table beside it
 * holds the same figures for a screen reader.
 */
export function MetricsChart({ rows }: { rows: MetricsRow[] }) {
  const max = Math.max(1, ...rows.flatMap((row) => MEASURES.map((measure) => row[measure.key].ms ?? 0)));
  const fullHeight = MEASURES.length * (BAR + GAP) + 14;
  // A group with no incident takes one line, not the room of three bars.
  const heights = rows.map((row) => (row.incidents === 0 ? 30 : fullHeight));
  const tops = heights.map((_, index) => TOP + heights.slice(0, index).reduce((sum, value) => sum + value, 0));
  const height = TOP + heights.reduce((sum, value) => sum + value, 0);
  const scale = (ms: number) => (ms / max) * (WIDTH - LABEL - 110);
  const summary = rows
    .filter((row) => row.incidents > 0)
    .map(
      (row) =>
        `${row.group}: ${MEASURES.map((measure) => `${measure.label} ${row[measure.key].ms === null ? 'none' : formatDuration(row[measure.key].ms!)}`).join(', ')}`,
    )
    .join('; ');
  return (
    <svg
      className="metrics-chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-label={`Mean times per severity. ${summary || 'No incident in this period.'}`}
    >
      {MEASURES.map((measure, index) => (
        <g key={measure.key} transform={`translate(${LABEL + index * 170}, 6)`}>
          <rect width="14" height="14" fill={measure.colour} />
          <text x="20" y="12" className="chart-legend">
            {measure.label}
          </text>
        </g>
      ))}
      {rows.map((row, rowIndex) => {
        const y = tops[rowIndex]!;
        const middle = y + (row.incidents === 0 ? 14 : (MEASURES.length * (BAR + GAP)) / 2 + 4);
        return (
          <g key={row.group} data-group={row.group}>
            <text x="0" y={middle} className="chart-group">
              {row.group === 'all' ? 'All' : row.group}
            </text>
            {row.incidents === 0 ? (
              <text x={LABEL} y={middle} className="chart-none">
                no incident
              </text>
            ) : (
              MEASURES.map((measure, index) => {
                const value = row[measure.key].ms;
                const barY = y + index * (BAR + GAP);
                const width = value === null ? 0 : Math.max(2, scale(value));
                return (
                  <g key={measure.key}>
                    <rect x={LABEL} y={barY} width={width} height={BAR} fill={measure.colour} rx="3" />
                    <text x={LABEL + width + 8} y={barY + BAR / 2 + 5} className="chart-value">
                      {value === null ? `${measure.label}: none yet` : `${formatDuration(value)} (${row[measure.key].of} of ${row.incidents})`}
                    </text>
                  </g>
                );
              })
            )}
          </g>
        );
      })}
    </svg>
  );
}
