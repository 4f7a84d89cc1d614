import { useEffect, useRef, useState } from 'react';
import { useCaptureShortcut } from '../timeline/capture-shortcut';
import { useCurrentIncident } from '../../state/current-incident';
import { useIncidents } from './incidents-store';
import { useJournalStatus } from '../journal/journal-status';
import { useNavigation } from '../../state/navigation';
import { SeverityPill, StatusPill } from './StatusPill';
import './incidents.css';

export const INCIDENTS_VIEW_ID = 'incidents';

/**
 * Top-bar slot: the current incident's title and status, always visible, with a switcher listing
 * every incident and "New incident". It also hosts the capture shortcut, being mounted everywhere.
 */
export function IncidentSlot() {
  useCaptureShortcut();
  const { incidentId, setIncidentId } = useCurrentIncident();
  const navigation = useNavigation();
  const journal = useJournalStatus();
  const { incidents } = useIncidents();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const current = incidents.find((incident) => incident.id === incidentId);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    window.addEventListener('pointerdown', onPointer);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('pointerdown', onPointer);
      window.removeEventListener('keydown', onKey);
    };
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
        <span className={journal.integrity?.state === 'damaged' ? 'journal-alert' : 'journal-alert journal-alert-warning'} role="status" title={journal.error?.message}>
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
              navigation.navigate(INCIDENTS_VIEW_ID, { create: String(Date.now()) });
            }}
          >
            + New incident
          </button>
        </div>
      )}
    </div>
  );
}
