import { useId, type ReactNode } from 'react';
import type { ConsoleError, ErrorIssue } from '../../../shared/errors';

/** A form's view of a refused submit: which of its fields main named, and why. */
export interface FieldIssues {
  /** The issue for the field at `path` (its own, or one inside it: `host.target` covers `host.target.port`), if any. */
  at(path: string): string | undefined;
  /** `aria-invalid` and `aria-describedby` for the field's input; nothing when main named no issue there. */
  input(path: string): { 'aria-invalid'?: true; 'aria-describedby'?: string };
  /**
   * The issue's words, to sit beside the field (inside its label, as the forms lay them out); nothing
   * when there is none. Hidden from the label's name, so the field keeps its own; assistive
   * technology reads it as the field's description, through `input`'s aria-describedby.
   */
  message(path: string): ReactNode;
}

/**
 * Marks the fields a failure's `issues` name (main answers INVALID_INPUT, INVALID_PARAMS… with the
 * contract's field paths), so the operator sees which box to fix, not only a sentence at the foot
 * of the form. `prefix` is the input's path to this form's fields when they sit deeper (`host`).
 */
export function useFieldIssues(error: ConsoleError | undefined, prefix = ''): FieldIssues {
  const base = useId();
  const issues: ErrorIssue[] = error?.issues ?? [];
  const full = (path: string) => (prefix ? `${prefix}.${path}` : path);
  const at = (path: string) => {
    const wanted = full(path);
    const found = issues.filter((issue) => issue.path === wanted || issue.path.startsWith(`${wanted}.`));
    return found.length > 0 ? found.map((issue) => issue.message).join('; ') : undefined;
  };
  const idOf = (path: string) => `${base}-issue-${full(path).replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return {
    at,
    input: (path) => (at(path) ? { 'aria-invalid': true, 'aria-describedby': idOf(path) } : {}),
    message: (path) => {
      const text = at(path);
      return text ? (
        <small id={idOf(path)} className="error-text field-issue" aria-hidden="true">
          {text}
        </small>
      ) : null;
    },
  };
}
