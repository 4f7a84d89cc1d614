import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useMethod } from '../../api/use-method';
import { views } from '../../screens';
import { useCurrentIncident } from '../../state/current-incident';
import { useNavigation } from '../../state/navigation';
import { Dialog } from '../../ui/Dialog';
import { useIncidents } from '../incidents/incidents-store';
import { useRunbook } from '../triage/triage-store';
import { fuzzyFilter } from './fuzzy';
import { catalogCommands, killSwitchCommands, runbookCommands, screenCommands, screenControls, type PaletteCommand } from './palette-commands';
import './palette.css';

const SHOWN = 60;

/**
 * Ctrl/Cmd+Shift+P: everything the console can do from where the operator is, found by typing a
 * few letters, done with Enter; nothing needs the mouse. Screens, what the current screen and the
 * top bar offer, every runbook section and command, the kill switch, incidents, preferences.
 */
export function CommandPalette({ onClose, extra }: { onClose: () => void; extra: PaletteCommand[] }) {
  const navigation = useNavigation();
  const { info } = useRunbook();
  const catalog = useMethod('diagnostics.catalog', {});
  const { incidents } = useIncidents();
  const { incidentId, setIncidentId } = useCurrentIncident();
  // What the screen offers is read once, as the palette opens (before its own controls exist).
  const [controls] = useState(() => screenControls([...document.querySelectorAll('.topbar, main.content')]));
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();

  const commands = useMemo<PaletteCommand[]>(
    () => [
      ...screenCommands(views, navigation),
      ...killSwitchCommands(),
      ...extra,
      ...controls,
      ...incidents
        .filter((incident) => incident.id !== incidentId)
        .map((incident): PaletteCommand => ({
          id: `incident:${incident.id}`,
          group: 'Incident',
          label: `Switch to incident: ${incident.title}`,
          hint: [incident.drill ? 'DRILL' : '', incident.severity ?? '', incident.status].filter(Boolean).join(' · '),
          run: () => setIncidentId(incident.id),
        })),
      ...(info ? runbookCommands(info.runbook, navigation) : []),
      ...catalogCommands(catalog.data?.commands ?? [], navigation),
    ],
    [navigation, extra, controls, incidents, incidentId, setIncidentId, info, catalog.data],
  );
  const matches = useMemo(
    () => fuzzyFilter(commands, query, (command) => `${command.label} ${command.hint ?? ''} ${command.keywords ?? ''}`),
    [commands, query],
  );
  const shown = matches.slice(0, SHOWN);
  const current = Math.min(active, Math.max(shown.length - 1, 0));

  const run = (command: PaletteCommand | undefined) => {
    if (!command) return;
    onClose();
    // Once the palette is gone and the focus is back where it was: a dialog this opens returns it there too.
    requestAnimationFrame(() => command.run());
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 }[event.key];
    if (step !== undefined) {
      event.preventDefault();
      setActive(Math.min(Math.max(current + step, 0), Math.max(shown.length - 1, 0)));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      run(shown[current]);
    }
  };

  return (
    <Dialog open title="Command palette" onClose={onClose} className="palette">
      <input
        className="palette-input"
        type="text"
        role="combobox"
        aria-label="Search commands"
        aria-expanded
        aria-controls={listId}
        aria-activedescendant={shown[current] ? `${listId}-${current}` : undefined}
        aria-autocomplete="list"
        placeholder="Type to search screens, actions, runbook sections and commands…"
        // eslint-disable-next-line jsx-a11y-x/no-autofocus -- the operator opened the palette to type into it
        autoFocus
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul className="palette-list" id={listId} role="listbox" aria-label="Commands" data-testid="palette-results">
        {shown.map((command, index) => (
          // The keyboard works the list from the search box (aria-activedescendant); a click is the mouse's way to the same.
          // eslint-disable-next-line jsx-a11y-x/click-events-have-key-events
          <li
            key={command.id}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === current}
            className={index === current ? 'palette-item active' : 'palette-item'}
            onMouseMove={() => setActive(index)}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => run(command)}
          >
            <span className="palette-group">{command.group}</span>
            <span className="palette-label">{command.label}</span>
            {command.hint && <span className="palette-hint">{command.hint}</span>}
          </li>
        ))}
        {shown.length === 0 && (
          <li className="palette-empty muted" role="option" aria-selected={false} aria-disabled>
            Nothing matches “{query}”.
          </li>
        )}
      </ul>
      <p className="palette-foot muted">
        ↑ ↓ to choose · Enter to do it · Esc to close · {matches.length} of {commands.length}
      </p>
    </Dialog>
  );
}
