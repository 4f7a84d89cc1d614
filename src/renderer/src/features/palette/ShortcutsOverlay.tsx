import { useContext, useState } from 'react';
import { ShortcutsContext } from '../../state/shortcuts';
import { Dialog } from '../../ui/Dialog';
import './palette.css';

/** Keys that belong to one place rather than the window (the registry holds only the window's). */
const IN_PLACE = [
  { keys: 'Enter', description: 'In quick capture: record the note (a time at its start dates it: “07:05 …”, “-15m …”)' },
  { keys: 'Shift+Enter', description: 'In quick capture: a new line' },
  { keys: '↑ ↓, Enter', description: 'In the command palette: choose, and do it' },
  { keys: 'Esc', description: 'Close a dialog, the palette or a menu; the focus goes back where it was' },
];

/** `?`: every shortcut in force, read from the one registry, so the list is never out of date. */
export function ShortcutsOverlay({ onClose }: { onClose: () => void }) {
  const registry = useContext(ShortcutsContext);
  const [listed] = useState(() => registry?.describe() ?? []);
  return (
    <Dialog
      open
      title="Keyboard shortcuts"
      onClose={onClose}
      footer={
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      }
    >
      <table className="shortcuts-table" data-testid="shortcuts-table">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {[...listed, ...IN_PLACE].map((shortcut) => (
            <tr key={shortcut.keys}>
              <td>
                <kbd>{shortcut.keys}</kbd>
              </td>
              <td>{shortcut.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
