import { useState } from 'react';
import { actionIncidentTitle } from '../../../../shared/action-incident-title';
import type { AgentView } from '../../../../shared/powernode-schemas';
import { errorMessage } from '../../../../shared/errors';
import { useClient } from '../../api/client-context';
import { useMethod } from '../../api/use-method';
import { DateTime } from '../../ui/DateTime';
import { Dialog } from '../../ui/Dialog';
import { Panel } from '../../ui/Panel';
import { useCurrentIncident } from '../../state/current-incident';
import { useDebounced } from '../../state/use-debounced';
import { useIncidentForAction } from '../incidents/incident-for-action';
import { ErrorText } from '../../ui/ErrorText';
import { DataTable } from '../../ui/DataTable';

const STATUSES = ['', 'active', 'paused', 'inactive', 'error', 'archived'] as const;
/** The server has no maximum page size; 50 rows read at a glance, the pager reaches the rest. */
const PER_PAGE = 50;
/** Typing pauses this long before the server is asked: at most about 3 requests per second. */
const SEARCH_DEBOUNCE_MS = 350;

/** The runbook's misbehaviour section: find the agent (every one, page by page), pause or resume it, with a confirmation. */
export function AgentsPanel({ profile }: { profile: string }) {
  const client = useClient();
  const incident = useIncidentForAction();
  const { setIncidentId } = useCurrentIncident();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('');
  const [page, setPage] = useState(1);
  const query = useDebounced(search.trim(), SEARCH_DEBOUNCE_MS);
  const [pagedQuery, setPagedQuery] = useState({ query, status });
  // A new search or filter starts at the first page.
  if (pagedQuery.query !== query || pagedQuery.status !== status) {
    setPagedQuery({ query, status });
    setPage(1);
  }
  const agents = useMethod('agents.list', { profile, search: query || undefined, status: status || undefined, page, perPage: PER_PAGE });
  const totalPages = agents.data?.totalPages ?? 1;
  const [pending, setPending] = useState<{ agent: AgentView; action: 'pause' | 'resume' }>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();

  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      const incidentId = await incident.ensure(actionIncidentTitle(pending.action === 'pause' ? 'agent.pause' : 'agent.resume', profile, pending.agent.name));
      const result = await client.call(pending.action === 'pause' ? 'agents.pause' : 'agents.resume', { profile, agentId: pending.agent.id, incidentId });
      if (result.incidentId && result.incidentId !== incidentId) setIncidentId(result.incidentId);
      setMessage({ ok: true, text: result.outcome });
    } catch (failure) {
      setMessage({ ok: false, text: errorMessage(failure) });
    } finally {
      // Even after a failure: a pause that may have reached the server shows in the agent's status.
      agents.reload();
      setBusy(false);
      setPending(undefined);
    }
  };

  return (
    <Panel title={`Agents: ${profile}`}>
      <div className="pn-row">
        <input
          type="search"
          aria-label="Search agents"
          placeholder="Search name or description"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <select aria-label="Agent status" value={status} onChange={(event) => setStatus(event.target.value as (typeof STATUSES)[number])}>
          {STATUSES.map((value) => (
            <option key={value} value={value}>
              {value || 'any status'}
            </option>
          ))}
        </select>
        {agents.data && <span className="muted">{agents.data.totalCount} agents</span>}
      </div>
      <Pager label="Agent pages" page={page} totalPages={totalPages} loading={agents.loading} onPage={setPage} />
      {message && (
        <p className={message.ok ? 'pn-ok' : 'error-text'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <ErrorText error={agents.error} />
      {agents.data && (
        <DataTable className="pn-table" label="Agents" columns={['Name', 'Type', 'Status', 'Last run', 'Runs (failed)', '']}>
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
        </DataTable>
      )}
      {agents.data && agents.data.totalPages > 1 && (
        <Pager label="Agent pages (bottom)" page={page} totalPages={totalPages} loading={agents.loading} onPage={setPage} />
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
        {incident.willOpen && pending && (
          <p className="pn-info">
            No incident is open: this first opens “
            {actionIncidentTitle(pending.action === 'pause' ? 'agent.pause' : 'agent.resume', profile, pending.agent.name)}”.
          </p>
        )}
      </Dialog>
    </Panel>
  );
}

/** Server-side pages: every agent is one or two clicks away, however many there are. */
function Pager({
  label,
  page,
  totalPages,
  loading,
  onPage,
}: {
  label: string;
  page: number;
  totalPages: number;
  loading: boolean;
  onPage: (page: number) => void;
}) {
  if (totalPages <= 1) return null;
  return (
    <nav className="pn-row pn-pager" aria-label={label}>
      <button type="button" className="button" onClick={() => onPage(1)} disabled={page <= 1}>
        « First
      </button>
      <button type="button" className="button" onClick={() => onPage(page - 1)} disabled={page <= 1}>
        ‹ Previous
      </button>
      <span aria-live="polite">
        Page {page} of {totalPages}
        {loading ? ' (loading…)' : ''}
      </span>
      <button type="button" className="button" onClick={() => onPage(page + 1)} disabled={page >= totalPages}>
        Next ›
      </button>
      <button type="button" className="button" onClick={() => onPage(totalPages)} disabled={page >= totalPages}>
        Last »
      </button>
    </nav>
  );
}
