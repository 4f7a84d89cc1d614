/** "DRILL" beside anything of an exercise, so no one at 3 a.m. takes it for a real incident. */
export function DrillBadge({ drill }: { drill: boolean }) {
  if (!drill) return null;
  return (
    <span className="drill-badge" title="An exercise: left out of the metrics, removed with the other drills in one step">
      DRILL
    </span>
  );
}
