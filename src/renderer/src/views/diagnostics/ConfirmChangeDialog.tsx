import type { CatalogCommand } from '../../../../shared/command-catalog';
import { Dialog } from '../../components/Dialog';

/** The explicit confirmation a command that changes a system needs: which hosts, and what changes. */
export function ConfirmChangeDialog({
  command,
  hosts,
  onConfirm,
  onCancel,
}: {
  command: CatalogCommand;
  hosts: string[];
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog
      open
      tone="danger"
      title={`${command.title}: this changes ${hosts.length === 1 ? hosts[0] : `${hosts.length} hosts`}`}
      onClose={onCancel}
      footer={
        <>
          <button type="button" className="button" onClick={onCancel} autoFocus>
            Cancel
          </button>
          <button type="button" className="button danger" onClick={onConfirm}>
            Run on {hosts.join(', ')}
          </button>
        </>
      }
    >
      <p>
        <strong>Effect:</strong> {command.changeDescription}
      </p>
      <p>
        <strong>Host{hosts.length > 1 ? 's' : ''}:</strong> <span className="mono">{hosts.join(', ')}</span>
      </p>
    </Dialog>
  );
}
