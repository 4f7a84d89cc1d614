import { useEffect, useMemo, useState } from 'react';
import type { CatalogCommand } from '../../../../shared/command-catalog';
import type { Host } from '../../../../shared/diagnostics-schemas';
import { ConsoleError, errorMessage } from '../../../../shared/errors';
import { useClient } from '../../api/client-context';
import { useMethod } from '../../api/use-method';
import { Panel } from '../../ui/Panel';
import { useCurrentIncident } from '../../state/current-incident';
import { useVisit } from '../../state/navigation';
import './diagnostics.css';
import { CommandForm } from './CommandForm';
import { ConfirmChangeDialog } from './ConfirmChangeDialog';
import { HostList } from './HostList';
import { RunCard } from './RunCard';
import { useRuns } from './runs-store';
import { ErrorText } from '../../ui/ErrorText';

interface PendingRun {
  command: CatalogCommand;
  hosts: string[];
  params: Record<string, string>;
  timeoutSeconds?: number;
}

/**
 * Diagnostics: the runbook's commands against the operator's hosts. Pick hosts and a command,
 * check the exact argv, run, and watch each host's output side by side. Opened from a runbook
 * step with `navigate('diagnostics', { commandId, host?, values? })`.
 */
export function DiagnosticsView() {
  const client = useClient();
  const catalog = useMethod('diagnostics.catalog', {});
  const hostsAnswer = useMethod('diagnostics.listHosts', {});
  const [hosts, setHosts] = useState<Host[]>([]);
  const [selected, setSelected] = useState<string[]>([]);
  const [commandId, setCommandId] = useState('');
  const [params, setParams] = useState<Record<string, string>>({});
  const [timeout, setTimeoutText] = useState('');
  const [confirming, setConfirming] = useState<PendingRun>();
  const [runError, setRunError] = useState<string>();
  /** The first refusal that named fields, for the form to mark them. */
  const [refused, setRefused] = useState<ConsoleError>();
  const { incidentId } = useCurrentIncident();
  const { params: opened, visit } = useVisit('diagnostics');
  const { runs, add, dismiss } = useRuns();

  useEffect(() => {
    if (hostsAnswer.data) setHosts(hostsAnswer.data.hosts);
  }, [hostsAnswer.data]);

  const commands = useMemo(() => catalog.data?.commands ?? [], [catalog.data]);
  const command = commands.find((candidate) => candidate.id === commandId);

  // A runbook step opened us with a command (and maybe a host and parameters) to pre-fill.
  useEffect(() => {
    if (!opened) return;
    setCommandId(opened.commandId);
    setParams(opened.values ?? {});
    if (opened.host) setSelected([opened.host]);
  }, [opened, visit]);

  // A fresh choice of command preselects the hosts whose roles it is meant for.
  useEffect(() => {
    if (!command || selected.length > 0 || hosts.length === 0) return;
    const matching = hosts.filter((host) => host.roles.some((role) => command.roles.includes(role))).map((host) => host.name);
    setSelected(matching.length > 0 ? matching : [hosts[0]!.name]);
  }, [command, hosts, selected.length]);

  async function start(pending: PendingRun, confirmed: boolean) {
    setRunError(undefined);
    setRefused(undefined);
    const failures: string[] = [];
    let marked: ConsoleError | undefined;
    await Promise.all(
      pending.hosts.map(async (hostName) => {
        try {
          const summary = await client.call('diagnostics.run', {
            commandId: pending.command.id,
            hostName,
            params: pending.params,
            ...(incidentId ? { incidentId } : {}),
            ...(pending.timeoutSeconds ? { timeoutSeconds: pending.timeoutSeconds } : {}),
            ...(confirmed ? { confirmed: { host: hostName, effect: pending.command.effect } } : {}),
          });
          add(summary);
        } catch (failure) {
          failures.push(`${hostName}: ${errorMessage(failure)}`);
          if (!marked && failure instanceof ConsoleError && failure.issues?.length) marked = failure;
        }
      }),
    );
    if (failures.length > 0) setRunError(failures.join('\n'));
    setRefused(marked);
  }

  function request(asked: PendingRun) {
    // Only the command's own parameters, and only those given: the rest come from host and defaults.
    const declared = new Set(asked.command.params.map((param) => param.name));
    const pending = { ...asked, params: Object.fromEntries(Object.entries(asked.params).filter(([name, value]) => declared.has(name) && value !== '')) };
    if (pending.command.effect === 'change') setConfirming(pending);
    else void start(pending, false);
  }

  return (
    <div className="view diagnostics-view">
      <div className="diagnostics-title">
        <h1 className="view-title">Diagnostics</h1>
        {!incidentId && (
          <span className="notice notice-warning" role="status">
            No incident selected: runs are not journaled.
          </span>
        )}
      </div>
      <ErrorText error={catalog.error ?? hostsAnswer.error} />
      <div className="diagnostics-setup">
        <Panel title="Hosts">
          <HostList hosts={hosts} selected={selected} onSelect={setSelected} onHostsChanged={setHosts} />
        </Panel>
        <Panel title="Command">
          <CommandForm
            commands={commands}
            command={command}
            onCommand={(id) => {
              setCommandId(id);
              setParams({});
              setTimeoutText('');
            }}
            params={params}
            onParams={setParams}
            hosts={hosts.filter((host) => selected.includes(host.name))}
            onRun={() => command && request({ command, hosts: selected, params, ...(timeout ? { timeoutSeconds: Number(timeout) } : {}) })}
            timeoutSeconds={timeout}
            onTimeout={setTimeoutText}
            refused={refused}
          />
          <ErrorText error={runError} className="pre-line" />
        </Panel>
      </div>
      <section className="runs" aria-label="Runs">
        {runs.length === 0 && <p className="muted">No runs yet. Pick hosts and a command, then Run.</p>}
        <div className="runs-grid">
          {runs.map((run) => (
            <RunCard
              key={run.summary.runId}
              run={run}
              onCancel={() => void client.call('diagnostics.cancel', { runId: run.summary.runId }).catch((failure) => setRunError(errorMessage(failure)))}
              onRerun={() => {
                const again = commands.find((candidate) => candidate.id === run.summary.commandId);
                if (again) request({ command: again, hosts: [run.summary.hostName], params: run.summary.params, timeoutSeconds: run.summary.timeoutSeconds });
              }}
              onDismiss={() => dismiss(run.summary.runId)}
            />
          ))}
        </div>
      </section>
      {confirming && (
        <ConfirmChangeDialog
          command={confirming.command}
          hosts={confirming.hosts}
          params={confirming.params}
          onCancel={() => setConfirming(undefined)}
          onConfirm={() => {
            const pending = confirming;
            setConfirming(undefined);
            void start(pending, true);
          }}
        />
      )}
    </div>
  );
}
