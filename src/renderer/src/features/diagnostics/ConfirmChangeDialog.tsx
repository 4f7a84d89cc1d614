import { useEffect, useState } from 'react';
import type { CatalogCommand } from '../../../../shared/command-catalog';
import { errorMessage } from '../../../../shared/errors';
import { useClient } from '../../api/client-context';
import { Dialog } from '../../ui/Dialog';
import { useStableValue } from '../../state/use-stable-value';
import { argvText } from './argv-text';

/** The explicit confirmation a command that changes a system needs: which hosts, and what changes. */
export function ConfirmChangeDialog({
  command,
  hosts,
  params,
  onConfirm,
  onCancel,
}: {
  command: CatalogCommand;
  hosts: string[];
  params: Record<string, string>;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const exact = useExactCommands(command.id, hosts, params);
  return (
    <Dialog
      open
      tone="danger"
      title={`${command.title}: this changes ${hosts.length === 1 ? hosts[0] : `${hosts.length} hosts`}`}
      onClose={onCancel}
      footer={
        <>
          <button type="button" className="button" onClick={onCancel}>
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
      <pre className="confirm-argv" aria-label="Exact commands">
        {exact}
      </pre>
    </Dialog>
  );
}

/** The exact argv per host, asked of main again so the operator confirms what will really run. */
function useExactCommands(commandId: string, hosts: string[], params: Record<string, string>): string {
  const client = useClient();
  const [text, setText] = useState('…');
  const asked = useStableValue({ commandId, hosts, params });
  useEffect(() => {
    const { commandId, hosts, params } = asked;
    let cancelled = false;
    void Promise.all(
      hosts.map((hostName) =>
        client
          .call('diagnostics.preview', { commandId, hostName, params })
          .then((answer) => `${hostName}:\n${answer.steps.map((step) => `  $ ${argvText(step)}`).join('\n')}`)
          .catch((failure: unknown) => `${hostName}: ${errorMessage(failure)}`),
      ),
    ).then((lines) => {
      if (!cancelled) setText(lines.join('\n'));
    });
    return () => {
      cancelled = true;
    };
  }, [client, asked]);
  return text;
}
