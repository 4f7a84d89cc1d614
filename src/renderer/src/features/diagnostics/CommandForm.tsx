import { useEffect, useId, useMemo, useState } from 'react';
import type { CatalogCommand } from '../../../../shared/command-catalog';
import { checkParam, PARAM_KIND_HINTS } from '../../../../shared/command-params';
import type { Host, PreviewAnswer } from '../../../../shared/diagnostics-schemas';
import { ConsoleError } from '../../../../shared/errors';
import { useClient } from '../../api/client-context';
import { useStableValue } from '../../state/use-stable-value';
import { useFieldIssues } from '../../ui/field-issues';
import { argvText } from './argv-text';

/**
 * Picks a command from the catalog (grouped as the runbook is), fills its typed parameters and
 * shows the exact argv main will run on each chosen host before anything runs.
 */
export function CommandForm({
  commands,
  command,
  onCommand,
  params,
  onParams,
  hosts,
  onRun,
  timeoutSeconds,
  onTimeout,
  refused,
}: {
  commands: CatalogCommand[];
  command: CatalogCommand | undefined;
  onCommand: (id: string) => void;
  params: Record<string, string>;
  onParams: (params: Record<string, string>) => void;
  hosts: Host[];
  onRun: () => void;
  /** '' means the command's own timeout. */
  timeoutSeconds: string;
  onTimeout: (value: string) => void;
  /** The last run main refused, to mark the fields its issues name. */
  refused: ConsoleError | undefined;
}) {
  const groups = useMemo(() => {
    const map = new Map<string, CatalogCommand[]>();
    for (const item of commands) map.set(item.group, [...(map.get(item.group) ?? []), item]);
    return [...map.entries()];
  }, [commands]);
  const previews = usePreviews(command, hosts, params);
  // What main said of the parameters (a preview's INVALID_PARAMS, a refused run) marks the fields too.
  const server = useFieldIssues(previews.find((preview) => preview.error?.issues?.length)?.error ?? refused);
  const ids = useId();
  const fieldErrors = useMemo(() => {
    const errors: Record<string, string> = {};
    for (const param of command?.params ?? []) {
      const value = params[param.name];
      if (value) {
        const checked = checkParam(param, value);
        if (!checked.ok) errors[param.name] = checked.message;
      }
    }
    return errors;
  }, [command, params]);
  const timeoutValid = timeoutSeconds === '' || /^[1-9]\d{0,3}$/.test(timeoutSeconds);
  const canRun = !!command && hosts.length > 0 && timeoutValid && Object.keys(fieldErrors).length === 0 && previews.every((preview) => !preview.error);

  return (
    <form
      className="command-form"
      aria-label="Command"
      onSubmit={(event) => {
        event.preventDefault();
        if (canRun) onRun();
      }}
    >
      <label className="field">
        <span>Command</span>
        <select value={command?.id ?? ''} onChange={(event) => onCommand(event.target.value)} aria-label="Command">
          <option value="" disabled>
            Choose a runbook command…
          </option>
          {groups.map(([group, items]) => (
            <optgroup key={group} label={group}>
              {items.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.title}
                  {item.effect === 'change' ? ' (changes the system)' : ''}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      {command && (
        <>
          <p className="command-description">
            {command.effect === 'change' && <span className="tag tag-danger">changes the system</span>} {command.description}
            {command.runbookRef && <span className="muted"> Runbook: {command.runbookRef}.</span>}
          </p>
          {command.params.length > 0 && (
            <div className="form-grid">
              {command.params.map((param) => {
                const hostValue = param.hostSetting ? hosts[0]?.connection[param.hostSetting] : undefined;
                const problem = fieldErrors[param.name] ?? server.at(`params.${param.name}`);
                const problemId = `${ids}-${param.name}`;
                const marks = problem ? { 'aria-invalid': true, 'aria-describedby': problemId } : {};
                return (
                  <label className="field" key={param.name}>
                    <span>{param.label}</span>
                    {param.kind === 'path' ? (
                      <select
                        value={params[param.name] ?? param.default ?? ''}
                        onChange={(event) => onParams({ ...params, [param.name]: event.target.value })}
                        {...marks}
                      >
                        {(param.allowed ?? []).map((path) => (
                          <option key={path} value={path}>
                            {path}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input
                        type="text"
                        aria-label={param.label}
                        value={params[param.name] ?? ''}
                        placeholder={hostValue || param.default || PARAM_KIND_HINTS[param.kind]}
                        title={hostValue ? `From host ${hosts[0]?.name}: ${hostValue}` : PARAM_KIND_HINTS[param.kind]}
                        onChange={(event) => onParams({ ...params, [param.name]: event.target.value })}
                        {...marks}
                      />
                    )}
                    {problem && (
                      <small id={problemId} className="error-text field-issue" aria-hidden="true">
                        {problem}
                      </small>
                    )}
                  </label>
                );
              })}
            </div>
          )}
          <div className="argv-preview" aria-label="Exact command">
            {hosts.length === 0 && <p className="muted">Tick at least one host.</p>}
            {previews.map((preview) => (
              <div key={preview.host} className="argv-host">
                <span className="argv-host-name">{preview.host}</span>
                {preview.error ? (
                  <span className="error-text" role="alert">
                    {preview.error.message}
                  </span>
                ) : (
                  preview.answer && (
                    <code data-testid="argv-preview">
                      {preview.answer.steps.map((step) => `$ ${argvText(step)}`).join('\n')}
                      {preview.answer.transport.length > 0 && <span className="muted">{`\n  via ${argvText(preview.answer.transport)}`}</span>}
                    </code>
                  )
                )}
              </div>
            ))}
          </div>
          <div className="form-actions">
            <button type="submit" className={command.effect === 'change' ? 'button danger' : 'button primary'} disabled={!canRun}>
              {command.effect === 'change' ? 'Run… (asks to confirm)' : 'Run'}
              {hosts.length > 1 ? ` on ${hosts.length} hosts` : ''}
            </button>
            <label className="timeout-field">
              <span className="muted">Timeout</span>
              <input
                type="number"
                min={1}
                max={3600}
                aria-label="Timeout in seconds"
                value={timeoutSeconds}
                placeholder={String(command.timeoutSeconds)}
                onChange={(event) => onTimeout(event.target.value)}
                {...server.input('timeoutSeconds')}
              />
              <span className="muted">s</span>
            </label>
            {server.message('timeoutSeconds')}
          </div>
        </>
      )}
    </form>
  );
}

interface HostPreview {
  host: string;
  answer?: PreviewAnswer;
  error?: ConsoleError;
}

/** Asks main for the exact argv per host (debounced while the operator types). */
function usePreviews(command: CatalogCommand | undefined, hosts: Host[], params: Record<string, string>): HostPreview[] {
  const client = useClient();
  const [previews, setPreviews] = useState<HostPreview[]>([]);
  // Asked again only when what would run changes, not on every render of the screen.
  const asked = useStableValue({ command, hosts, params });
  useEffect(() => {
    const { command, hosts, params } = asked;
    if (!command) {
      setPreviews([]);
      return;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      void Promise.all(
        hosts.map(async (host): Promise<HostPreview> => {
          try {
            const cleaned = Object.fromEntries(Object.entries(params).filter(([name, value]) => value !== '' && command.params.some((p) => p.name === name)));
            return { host: host.name, answer: await client.call('diagnostics.preview', { commandId: command.id, hostName: host.name, params: cleaned }) };
          } catch (failure) {
            return { host: host.name, error: ConsoleError.from(failure) };
          }
        }),
      ).then((next) => {
        if (!cancelled) setPreviews(next);
      });
    }, 200);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [client, asked]);
  return previews;
}
