import { useState } from 'react';
import type { AgentView } from '../../../shared/powernode-schemas';
import { call, errorMessage } from '../api/client';
import { useMethod } from '../api/use-method';
import { DateTime } from '../components/DateTime';
import { Dialog } from '../components/Dialog';
import { Panel } from '../components/Panel';
import { useCurrentIncident } from '../state/current-incident';

const STATUSES = ['', 'active', 'paused', 'inactive', 'error', 'archived'] as const;

/** The runbook's misbehaviour section: find the agent, pause or resume it, with a confirmation. */
export function AgentsPanel({ profile }: { profile: string }) {
  const { incidentId, setIncidentId } = useCurrentIncident();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('');
  const agents = useMethod('agents.list', { profile, search: search || undefined, status: status || undefined });
  const [pending, setPending] = useState<{ agent: AgentView; action: 'pause' | 'resume' }>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();

  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      const result = await call(pending.action === 'pause' ? 'agents.pause' : 'agents.resume', { profile, agentId: pending.agent.id, incidentId });
      if (result.incidentId && result.incidentId !== incidentId) setIncidentId(result.incidentId);
      setMessage({ ok: true, text: result.outcome });
      agents.reload();
    } catch (failure) {
      setMessage({ ok: false, text: errorMessage(failure) });
    } finally {
      setBusy(false);
      setPending(undefined);
    }
  };

  return (
    <Panel title={`Agents: ${profile}`}>
      <div className="pn-row">
        <input type="search" aria-label="Search agents" placeholder="Search name or description" value={search} onChange={(event) => setSearch(event.target.value)} />
        <select aria-label="Agent status" value={status} onChange={(event) => setStatus(event.target.value as (typeof STATUSES)[number])}>
          {STATUSES.map((value) => (
            <option key={value} value={value}>
              {value || 'any status'}
            </option>
          ))}
        </select>
        {agents.data && <span className="muted">{agents.data.totalCount} agents</span>}
      </div>
      {message && (
        <p className={message.ok ? 'pn-ok' : 'error-text'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      {agents.error && <p className="error-text">{agents.error}</p>}
      {agents.data && (
        <table className="pn-table" aria-label="Agents">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Status</th>
              <th>Last run</th>
              <th>Runs (failed)</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {agents.data.items.map((agent) => (
              <tr key={agent.id}>
                <td>
                  <strong>{agent.name}</strong>
                  {agent.description && <div className="muted">{agent.description}</div>}
                </td>
                <td>{agent.agentType}</td>
                <td className={`pn-status pn-status-${agent.status}`}>{agent.status}</td>
                <td>{agent.lastExecutedAt ? <DateTime iso={agent.lastExecutedAt} /> : '—'}</td>
                <td>
                  {agent.totalExecutions ?? '—'} ({agent.failedExecutions ?? '—'})
                </td>
                <td>
                  {agent.status === 'active' && (
                    <button type="button" className="button" onClick={() => setPending({ agent, action: 'pause' })}>
                      Pause…
                    </button>
                  )}
                  {agent.status === 'paused' && (
                    <button type="button" className="button" onClick={() => setPending({ agent, action: 'resume' })}>
                      Resume…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Dialog
        open={pending !== undefined}
        title={pending ? `${pending.action === 'pause' ? 'Pause' : 'Resume'} agent ${pending.agent.name}?` : ''}
        tone={pending?.action === 'pause' ? 'danger' : 'normal'}
        onClose={() => setPending(undefined)}
        footer={
          <>
            <button type="button" className="button" onClick={() => setPending(undefined)} disabled={busy}>
              Cancel
            </button>
            <button type="button" className={pending?.action === 'pause' ? 'button danger' : 'button primary'} onClick={() => void confirm()} disabled={busy}>
              {pending?.action === 'pause' ? 'Pause agent' : 'Resume agent'}
            </button>
          </>
        }
      >
        <p>This changes the agent on {profile} and is journaled.</p>
      </Dialog>
    </Panel>
  );
}
