import { useEffect, useMemo, useRef, useState } from 'react';
import { JournalStatusBanner } from '../journal/JournalStatusBanner';
import { SeverityPill, StatusPill } from '../incidents/StatusPill';
import { StatusStepper } from '../incidents/StatusStepper';
import { useCurrentIncident } from '../../state/current-incident';
import { useIncidents } from '../incidents/incidents-store';
import { useJournalStatus } from '../journal/journal-status';
import { useClient } from '../../api/client-context';
import { useNavigation, useVisit } from '../../state/navigation';
import { DrillBadge } from '../../ui/DrillBadge';
import { useCaptureStore } from './capture-store';
import { ChainBadge } from './ChainBadge';
import { PendingCaptures } from './PendingCaptures';
import { QuickCapture } from './QuickCapture';
import { createTimelineSource, type TimelineFilter } from './timeline-store';
import { TimelineFilters } from './TimelineFilters';
import { TimelineList } from './TimelineList';
import { ResponderExchange } from '../responders/ResponderExchange';
import '../incidents/incidents.css';
import './timeline.css';

const NO_FILTER: TimelineFilter = { kinds: [], pinnedOnly: false, query: '' };

/** The current incident's timeline: capture, filters and search, the chain badge, and every entry. */
export function TimelineView() {
  const { incidentId } = useCurrentIncident();
  const { incidents, loaded } = useIncidents();
  const incident = incidents.find((each) => each.id === incidentId);
  const journal = useJournalStatus();
  const navigation = useNavigation();
  const { params, visit } = useVisit('timeline');
  const client = useClient();
  const capture = useRef<HTMLTextAreaElement>(null);
  const [filter, setFilter] = useState<TimelineFilter>(NO_FILTER);
  // A new source per incident and filter; it follows the incident's pushes by itself.
  const source = useMemo(() => (incidentId ? createTimelineSource(client, incidentId, filter) : undefined), [client, incidentId, filter]);
  // A note the journal made durable joins the timeline in the same render as its pending row leaves.
  const captures = useCaptureStore();
  useEffect(() => captures.onRecorded((entry) => source?.add(entry)), [captures, source]);

  const focusCapture = params?.focusCapture === true;
  useEffect(() => {
    if (focusCapture) capture.current?.focus();
  }, [focusCapture, visit, incident?.id]);
  // Asked to show one entry (a checklist step's link): the whole timeline, so it is where its number says.
  const entrySeq = params?.entrySeq;
  useEffect(() => {
    if (entrySeq !== undefined) setFilter(NO_FILTER);
  }, [entrySeq, visit]);

  // An id remembered from another data directory is as good as none.
  if (!incidentId || (loaded && !incident)) {
    return (
      <div className="view">
        <h1 className="view-title">Timeline</h1>
        <JournalStatusBanner />
        <p>
          No incident is open.{' '}
          <button type="button" className="button primary" onClick={() => navigation.navigate('incidents', { create: true })}>
            Open or create an incident
          </button>
        </p>
      </div>
    );
  }

  const canWrite = journal?.available === true && !journal.readOnly;
  return (
    <div className="view timeline-view">
      <div className="timeline-heading">
        {incident && <DrillBadge drill={incident.drill} />}
        <h1 className="view-title">{incident?.title ?? 'Timeline'}</h1>
        {incident && <SeverityPill severity={incident.severity} />}
        {incident && <StatusPill status={incident.status} />}
        <ChainBadge incidentId={incidentId} />
      </div>
      <JournalStatusBanner />
      {incident && <StatusStepper incident={incident} />}
      <details className="responders-details">
        <summary>Responders: share this incident, exchange bundles</summary>
        <ResponderExchange incidentId={incidentId} canWrite={canWrite} />
      </details>
      <QuickCapture ref={capture} incidentId={incidentId} incidentStartedAt={incident?.startedAt} entryCount={incident?.entryCount ?? 0} />
      <TimelineFilters filter={filter} onChange={setFilter} />
      <PendingCaptures store={captures} incidentId={incidentId} />
      {source && (
        <TimelineList
          source={source}
          query={filter.query}
          canWrite={canWrite}
          focus={entrySeq !== undefined && filter === NO_FILTER ? { seq: entrySeq, request: visit } : undefined}
        />
      )}
    </div>
  );
}
