import { useMemo, useState } from 'react';
import { findSecrets, type SecretFinding } from '../../../../shared/secret-redactor';

export interface SecretGuard {
  /** What the text in the box seems to hold (empty when it looks clean). */
  findings: SecretFinding[];
  /** The operator tried to record it as it is: a choice is wanted first. */
  asked: boolean;
  /** True when `note` may be recorded now; otherwise asks for a choice and returns false. */
  allows(note: string): boolean;
}

/**
 * Watches a note being typed or pasted for things that look like secrets (the same patterns that
 * scrub command output), so it can be redacted before it enters the journal for good.
 */
export function useSecretGuard(text: string): SecretGuard {
  const findings = useMemo(() => findSecrets(text), [text]);
  const [askedFor, setAskedFor] = useState<string>();
  return {
    findings,
    asked: findings.length > 0 && askedFor === text,
    allows(note) {
      if (findSecrets(note).length === 0) return true;
      setAskedFor(note);
      return false;
    },
  };
}
