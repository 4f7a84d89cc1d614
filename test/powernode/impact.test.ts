import { describe, expect, it } from 'vitest';
import { ApiEvent } from '../../src/main/core/powernode/api-schemas';

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
