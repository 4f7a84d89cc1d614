import { shortFingerprint } from '../../../../shared/evidence-statements';
import { ROLE_LABELS } from '../../../../shared/team-roles';
import type { TeamDevice, TeamRoster } from '../../../../shared/team-schemas';
import { DataTable } from '../../ui/DataTable';
import { DateTime } from '../../ui/DateTime';
import { Panel } from '../../ui/Panel';

/** Everyone the journal shows in the incident: who wrote into it and who was given a role, with the devices and key fingerprints they write from. */
export function PeoplePanel({ roster }: { roster: TeamRoster }) {
  return (
    <Panel title={`People in this incident (${roster.members.length})`}>
      <DataTable className="team-table" label="People in this incident" columns={['Name', 'Roles', 'Device', 'Key fingerprint', 'Entries', 'Last entry']}>
        {roster.members.flatMap((member) => {
          const devices: Array<TeamDevice | undefined> = member.devices.length > 0 ? member.devices : [undefined];
          return devices.map((device, index) => (
            <tr key={`${member.name}-${device?.deviceId ?? 'none'}`} data-testid="team-member">
              {index === 0 && (
                <>
                  <th scope="row" rowSpan={devices.length}>
                    {member.name}
                    {member.you && <span className="you-badge">you</span>}
                  </th>
                  <td rowSpan={devices.length}>
                    {member.roles.length > 0 ? member.roles.map((holding) => ROLE_LABELS[holding.role]).join(', ') : <span className="muted">none</span>}
                  </td>
                </>
              )}
              <td>
                {device?.deviceId ? (
                  <span className="mono" title={device.deviceId}>
                    {device.deviceId.slice(0, 8)}
                  </span>
                ) : (
                  <span className="muted">{device ? 'before device ids' : 'not seen yet'}</span>
                )}
                {device?.thisConsole && <span className="muted"> (this console)</span>}
              </td>
              <td>
                {device && device.fingerprints.length > 0 ? (
                  device.fingerprints.map((fingerprint) => (
                    <span key={fingerprint} className="mono team-fingerprint" title={fingerprint}>
                      {shortFingerprint(fingerprint)}
                    </span>
                  ))
                ) : (
                  <span className="muted">no key on record</span>
                )}
              </td>
              <td>{device?.entries ?? 0}</td>
              <td>{device?.lastAt ? <DateTime iso={device.lastAt} /> : <span className="muted">—</span>}</td>
            </tr>
          ));
        })}
      </DataTable>
    </Panel>
  );
}
