import { useEffect, useRef, useState } from 'react';
import { useCurrentIncident } from '../../state/current-incident';
import { useIncidents } from './incidents-store';
import { useJournalStatus } from '../journal/journal-status';
import { useNavigation } from '../../state/navigation';
import { useShortcuts } from '../../state/shortcuts';
import { SeverityPill, StatusPill } from './StatusPill';
import { DrillBadge } from '../../ui/DrillBadge';
import './incidents.css';

/**
 * Top-bar slot: the current incident's title and status, always visible, with a switcher listing
 * every incident and "New incident".
 */
export function IncidentSlot() {
  const { incidentId, setIncidentId } = useCurrentIncident();
  const navigation = useNavigation();
  const journal = useJournalStatus();
  const { incidents } = useIncidents();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const current = incidents.find((incident) => incident.id === incidentId);

  // An open menu closes on Escape (wherever the focus is) and on a click outside it.
  useShortcuts([[{ key: 'Escape', inFields: true }, () => setOpen(false)]], { enabled: open });
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener('pointerdown', onPointer);
    return () => window.removeEventListener('pointerdown', onPointer);
  }, [open]);

  return (
    <div className="incident-slot" ref={root}>
      <button
        type="button"
        className="incident-switcher"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label="Current incident"
        data-testid="incident-slot"
        onClick={() => setOpen((value) => !value)}
      >
        {current ? (
          <>
            <DrillBadge drill={current.drill} />
            <span className="incident-slot-title">{current.title}</span>
            <StatusPill status={current.status} />
          </>
        ) : (
          <span className="muted">No incident open</span>
        )}
        <span aria-hidden="true">▾</span>
      </button>
      {journal && !journal.available && (
        <span className="journal-alert" role="status" title={journal.error?.message}>
          Journal unavailable
        </span>
      )}
      {journal?.readOnly && (
        <span
          className={journal.integrity?.state === 'damaged' ? 'journal-alert' : 'journal-alert journal-alert-warning'}
          role="status"
          title={journal.error?.message}
        >
          {journal.integrity?.state === 'damaged' ? 'Journal damaged: read-only' : 'Journal read-only'}
        </span>
      )}
      {open && (
        <div className="incident-menu" role="menu" aria-label="Switch incident">
          {incidents.length === 0 && <p className="muted incident-menu-empty">No incidents yet.</p>}
          {incidents.map((incident) => (
            <button
              key={incident.id}
              type="button"
              role="menuitemradio"
              aria-checked={incident.id === incidentId}
              className={incident.id === incidentId ? 'incident-menu-item current' : 'incident-menu-item'}
              onClick={() => {
                setIncidentId(incident.id);
                setOpen(false);
              }}
            >
              <DrillBadge drill={incident.drill} />
              <span className="incident-menu-title">{incident.title}</span>
              <SeverityPill severity={incident.severity} />
              <StatusPill status={incident.status} />
            </button>
          ))}
          <button
            type="button"
            role="menuitem"
            className="incident-menu-item incident-menu-new"
            onClick={() => {
              setOpen(false);
              navigation.navigate('incidents', { create: true });
            }}
          >
            + New incident
          </button>
        </div>
      )}
    </div>
  );
}
