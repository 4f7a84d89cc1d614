import { useId, useState } from 'react';
import type { Role } from '../../../../shared/model';
import { ROLE_LABELS } from '../../../../shared/team-roles';
import type { RoleHoldingView, TeamRoster } from '../../../../shared/team-schemas';
import { Role as RoleSchema } from '../../../../shared/model';
import { useClient } from '../../api/client-context';
import { useAction } from '../../api/use-action';
import { DataTable } from '../../ui/DataTable';
import { DateTime } from '../../ui/DateTime';
import { ErrorText } from '../../ui/ErrorText';
import { Panel } from '../../ui/Panel';

const ROLES = RoleSchema.options;

/** Every role, who holds it since when, and the controls: assign one, take one away (command is handed over from the panel above). */
export function RolesPanel({ roster, onChanged }: { roster: TeamRoster; onChanged: (roster: TeamRoster) => void }) {
  const client = useClient();
  const release = useAction(async (holding: RoleHoldingView) =>
    onChanged(await client.call('team.releaseRole', { incidentId: roster.incidentId, role: holding.role, responder: holding.responder })),
  );
  return (
    <Panel title="Roles">
      <DataTable className="team-table" label="Roles" columns={['Role', 'Held by', 'Since', '']}>
        {ROLES.map((role) => {
          const held = roster.holdings.filter((holding) => holding.role === role);
          if (held.length === 0) {
            return (
              <tr key={role} data-testid={`role-${role}`}>
                <th scope="row">{ROLE_LABELS[role]}</th>
                <td className="muted">not assigned</td>
                <td />
                <td />
              </tr>
            );
          }
          return held.map((holding, index) => (
            <tr key={`${role}-${holding.entryId}`} data-testid={`role-${role}`}>
              {index === 0 && (
                <th scope="row" rowSpan={held.length}>
                  {ROLE_LABELS[role]}
                </th>
              )}
              <td>
                <strong>{holding.responder.name}</strong>
                {holding.you && <span className="you-badge">you</span>}
                {holding.expertise && <span className="muted"> · {holding.expertise}</span>}
              </td>
              <td>
                <DateTime iso={holding.since} /> <span className="muted">by {holding.by}</span>
              </td>
              <td>
                <div className="team-row-actions">
                  <button
                    type="button"
                    className="button"
                    disabled={release.busy}
                    aria-label={`Release ${holding.responder.name} from ${ROLE_LABELS[role].toLowerCase()}`}
                    onClick={() => void release.run(holding)}
                  >
                    Release
                  </button>
                </div>
              </td>
            </tr>
          ));
        })}
      </DataTable>
      <ErrorText error={release.error} />
      <AssignRoleForm roster={roster} onChanged={onChanged} />
    </Panel>
  );
}

function AssignRoleForm({ roster, onChanged }: { roster: TeamRoster; onChanged: (roster: TeamRoster) => void }) {
  const client = useClient();
  const listId = useId();
  // Until the operator picks one, the form offers the first role nobody holds (subject experts are never full).
  const [chosen, setRole] = useState<Role>();
  const role = chosen ?? ROLES.find((option) => !roster.holdings.some((holding) => holding.role === option)) ?? 'subject_expert';
  const [name, setName] = useState('');
  const [expertise, setExpertise] = useState('');
  const assign = useAction(async () => {
    onChanged(
      await client.call('team.assignRole', {
        incidentId: roster.incidentId,
        role,
        responder: { name: name.trim() },
        ...(role === 'subject_expert' && expertise.trim() ? { expertise } : {}),
      }),
    );
    setName('');
    setExpertise('');
  });
  return (
    <form
      className="team-assign"
      aria-label="Assign a role"
      onSubmit={(event) => {
        event.preventDefault();
        void assign.run();
      }}
    >
      <label className="field">
        <span>Role</span>
        <select aria-label="Role" value={role} onChange={(event) => setRole(event.target.value as Role)}>
          {ROLES.map((option) => (
            <option key={option} value={option}>
              {ROLE_LABELS[option]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Responder</span>
        <input type="text" aria-label="Responder" list={listId} value={name} placeholder="Name" onChange={(event) => setName(event.target.value)} />
        <datalist id={listId}>
          {roster.members.map((member) => (
            <option key={member.name} value={member.name} />
          ))}
        </datalist>
      </label>
      {role === 'subject_expert' && (
        <label className="field">
          <span>Expertise (optional)</span>
          <input
            type="text"
            aria-label="Expertise"
            value={expertise}
            placeholder="PostgreSQL, Sidekiq…"
            onChange={(event) => setExpertise(event.target.value)}
          />
        </label>
      )}
      <button type="submit" className="button primary" disabled={assign.busy || name.trim() === ''}>
        Assign
      </button>
      <ErrorText error={assign.error} className="team-assign-error" />
    </form>
  );
}
