import { describe, expect, it } from 'vitest';
import { ApiEvent, ApiSnapshotPreview } from '../../src/main/core/powernode/api-schemas';

describe("a halt's impact is parsed at the edge, from the server's snake_case into the console's Impact", () => {
  const event = {
    id: 'e1',
    event_type: 'halt',
    reason: 'r',
    triggered_by: null,
    created_at: '2026-03-15T09:00:00Z',
    impact: { cancelled_executions: 3, paused_loops: 2, cancelled_tasks: 4, demoted_agents: 5 },
  };

  it('maps the fields the server sends (paused_schedules may be absent) to the console spelling', () => {
    expect(ApiEvent.parse(event).impact).toEqual({ cancelledExecutions: 3, pausedLoops: 2, cancelledTasks: 4, demotedAgents: 5 });
  });

  it('refuses a malformed impact, naming the field as the server spells it', () => {
    const result = ApiEvent.safeParse({ ...event, impact: { ...event.impact, paused_loops: 'two' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['impact', 'paused_loops']);
    const camel = ApiEvent.safeParse({ ...event, impact: { cancelledExecutions: 3, pausedLoops: 2, cancelledTasks: 4, demotedAgents: 5 } });
    expect(camel.success).toBe(false);
  });
});

describe("a resume's restore preview is parsed at the edge into the console's RestorePreview", () => {
  const snapshot = {
    agents_to_restore: 4,
    total_agents: 6,
    ralph_loops_to_resume: 2,
    workflow_schedules_to_resume: 1,
    snapshot_taken_at: '2026-03-15T09:00:00Z',
  };

  it('maps every count; a server that does not count schedules gives null for them', () => {
    expect(ApiSnapshotPreview.parse(snapshot)).toEqual({
      agentsToRestore: 4,
      totalAgents: 6,
      ralphLoopsToResume: 2,
      workflowSchedulesToResume: 1,
      snapshotTakenAt: '2026-03-15T09:00:00Z',
    });
    const { workflow_schedules_to_resume: _left, ...older } = snapshot;
    expect(ApiSnapshotPreview.parse(older)).toMatchObject({ agentsToRestore: 4, workflowSchedulesToResume: null });
  });

  it('refuses a snapshot without its time, naming the server field', () => {
    const { snapshot_taken_at: _left, ...partial } = snapshot;
    expect(ApiSnapshotPreview.safeParse(partial).error?.issues[0]?.path).toEqual(['snapshot_taken_at']);
  });
});
