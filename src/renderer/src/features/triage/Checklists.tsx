import { useEffect, useState } from 'react';
import { checklistKey } from '../../../../shared/severity-timing';
import type { CommandRef, Runbook, RunbookSection, RunbookStep } from '../../../../shared/runbook';
import type { SeverityStatus } from '../../../../shared/triage-schemas';
import { errorMessage } from '../../../../shared/errors';
import { useClient } from '../../api/client-context';
import { useNavigation, useVisit } from '../../state/navigation';
import { requestKillSwitch } from '../powernode/kill-switch-requests';
import { DateTime } from '../../ui/DateTime';
import { Panel } from '../../ui/Panel';
import { ErrorText } from '../../ui/ErrorText';

const KILL_SWITCH_LABEL = { halt: 'Halt AI activity…', status: 'Check kill-switch status', resume: 'Resume AI activity…' } as const;

/**
 * The runbook sections as checklists on the incident: those triage landed in first (open), the
 * rest below (closed). A tick is a journal entry; the state shown is the latest tick per step.
 * A step that names an action (halt, a command, an update) ticks itself when the journal shows
 * it done, and links to that entry.
 */
export function Checklists({ runbook, incidentId, status }: { runbook: Runbook; incidentId: string; status: SeverityStatus }) {
  const client = useClient();
  const [error, setError] = useState<string>();
  const [opened, setOpened] = useState<string[]>([]);
  // A tick shows at once; the journal's answer (a new status) replaces it.
  const [pending, setPending] = useState<Record<string, boolean>>({});
  useEffect(() => setPending({}), [status]);
  const landed = status.sections.filter((id) => runbook.sections.some((section) => section.id === id));
  const others = runbook.sections.filter((section) => !landed.includes(section.id));

  const tick = async (section: RunbookSection, step: RunbookStep, done: boolean) => {
    setError(undefined);
    const key = checklistKey(section.id, step.id);
    setPending((current) => ({ ...current, [key]: done }));
    try {
      await client.call('triage.setStep', { incidentId, sectionId: section.id, stepId: step.id, done });
    } catch (failure) {
      setError(errorMessage(failure));
      setPending(({ [key]: _dropped, ...rest }) => rest);
    }
  };
  const openSection = (id: string) => {
    setOpened((list) => (list.includes(id) ? list : [...list, id]));
    requestAnimationFrame(() => {
      const section = document.getElementById(`section-${id}`);
      section?.scrollIntoView({ behavior: 'smooth', block: 'start' });
      section?.querySelector('summary')?.focus();
    });
  };
  // Opened from elsewhere (the command palette names a section).
  const { params, visit } = useVisit('triage');
  const asked = params?.sectionId;
  useEffect(() => {
    if (asked) openSection(asked);
  }, [asked, visit]);

  const render = (section: RunbookSection, open: boolean) => (
    <ChecklistSection key={section.id} section={section} open={open} status={status} pending={pending} onTick={tick} onSee={openSection} />
  );
  return (
    <Panel title="Checklists">
      <ErrorText error={error} />
      {landed.length === 0 && <p className="muted">Finish triage to open the sections that apply; every section is below.</p>}
      <div className="checklists">
        {landed.map((id) =>
          render(
            runbook.sections.find((section) => section.id === id)!,
            true,
          ),
        )}
        {others.length > 0 && landed.length > 0 && <h3 className="checklists-more muted">Other sections</h3>}
        {others.map((section) => render(section, opened.includes(section.id)))}
      </div>
    </Panel>
  );
}

function ChecklistSection({
  section,
  open,
  status,
  pending,
  onTick,
  onSee,
}: {
  section: RunbookSection;
  open: boolean;
  status: SeverityStatus;
  pending: Record<string, boolean>;
  onTick: (section: RunbookSection, step: RunbookStep, done: boolean) => Promise<void>;
  onSee: (id: string) => void;
}) {
  const navigation = useNavigation();
  // A step's "host" parameter names where to run; the others fill the command's fields.
  const openCommand = ({ id, params = {} }: CommandRef) => {
    const { host, ...values } = params;
    navigation.navigate('diagnostics', { commandId: id, host, values });
  };
  const isDone = (step: RunbookStep) => pending[checklistKey(section.id, step.id)] ?? status.checklist[checklistKey(section.id, step.id)]?.done ?? false;
  const done = section.steps.filter(isDone).length;
  return (
    <details className={`checklist category-${section.category}`} id={`section-${section.id}`} open={open} data-testid={`checklist-${section.id}`}>
      <summary>
        <span className="checklist-title">{section.title}</span>
        <span className="checklist-progress">
          {done}/{section.steps.length}
        </span>
      </summary>
      {section.summary && <p className="muted">{section.summary}</p>}
      <ol className="checklist-steps">
        {section.steps.map((step) => {
          const tick = status.checklist[checklistKey(section.id, step.id)];
          return (
            <li key={step.id} className={isDone(step) ? 'step done' : 'step'}>
              <label className="step-main">
                <input type="checkbox" checked={isDone(step)} onChange={(event) => void onTick(section, step, event.target.checked)} />
                <span>{step.text}</span>
              </label>
              {step.warning && <p className="step-warning">⚠ {step.warning}</p>}
              {step.detail && <pre className="step-detail mono">{step.detail}</pre>}
              <div className="step-actions">
                {step.killSwitch && (
                  <button
                    type="button"
                    className={step.killSwitch === 'status' ? 'button' : 'button danger'}
                    onClick={() => requestKillSwitch(step.killSwitch!)}
                  >
                    {KILL_SWITCH_LABEL[step.killSwitch]}
                  </button>
                )}
                {step.command && (
                  <button
                    type="button"
                    className="button"
                    title={Object.entries(step.command.params ?? {})
                      .map(([key, value]) => `${key}=${value}`)
                      .join(' ')}
                    onClick={() => openCommand(step.command!)}
                  >
                    Run {step.command.id}…
                  </button>
                )}
                {step.see && (
                  <button type="button" className="link-button" onClick={() => onSee(step.see!)}>
                    see {step.see}
                  </button>
                )}
                {tick?.via ? (
                  <button
                    type="button"
                    className="link-button step-evidence"
                    data-testid="step-evidence"
                    title="Ticked by the journal: open this entry in the timeline"
                    onClick={() => navigation.navigate('timeline', { entrySeq: tick.via!.seq })}
                  >
                    ✓ {tick.via.summary}: entry #{tick.via.seq}, <DateTime iso={tick.at} />
                  </button>
                ) : (
                  tick && (
                    <span className="muted step-tick">
                      {tick.done ? 'done' : 'unticked'} by {tick.by}, <DateTime iso={tick.at} />
                    </span>
                  )
                )}
              </div>
            </li>
          );
        })}
      </ol>
      {section.after && <p className="muted checklist-after">{section.after}</p>}
    </details>
  );
}
