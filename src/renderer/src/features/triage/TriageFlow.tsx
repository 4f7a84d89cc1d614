import type { Runbook } from '../../../../shared/runbook';
import type { TriageChoice, TriageWalk } from '../../../../shared/triage';
import { requestKillSwitch } from '../powernode/kill-switch-requests';

/**
 * One question at a time, with the answers so far above it (each can be changed, which drops
 * the answers after it). Rules the answers bring up are shown as they are met.
 */
export function TriageFlow({
  runbook,
  walk,
  choices,
  onChange,
}: {
  runbook: Runbook;
  walk: TriageWalk;
  choices: TriageChoice[];
  onChange: (choices: TriageChoice[]) => void;
}) {
  const killSwitchNow = walk.sections[0] === 'kill-switch';
  return (
    <div className="triage-flow">
      {walk.path.length > 0 && (
        <ol className="triage-path" aria-label="Triage path so far">
          {walk.path.map((step, index) => (
            <li key={step.questionId}>
              <span className="muted">{step.question}</span>
              <strong>{step.answer}</strong>
              <button type="button" className="link-button" onClick={() => onChange(choices.slice(0, index))}>
                change
              </button>
            </li>
          ))}
        </ol>
      )}
      {killSwitchNow && (
        <div className="rule-banner danger" role="note" data-testid="kill-switch-first">
          <div>
            <strong>Kill switch first.</strong> {runbook.rules.killSwitch}
          </div>
          <button type="button" className="button danger" onClick={() => requestKillSwitch('halt')}>
            Halt AI activity…
          </button>
        </div>
      )}
      {walk.rules
        .filter((rule) => !killSwitchNow || !/kill switch/i.test(rule))
        .map((rule) => (
          <p key={rule} className="rule-banner" role="note">
            {rule}
          </p>
        ))}
      {walk.next && (
        <fieldset className="triage-question" data-testid="triage-question">
          <legend>
            <span className="muted">Question {walk.path.length + 1}</span>
            <span className="triage-question-text">{walk.next.text}</span>
          </legend>
          {walk.next.help && <p className="muted">{walk.next.help}</p>}
          <div className="triage-answers">
            {walk.next.answers.map((answer) => (
              <button
                key={answer.id}
                type="button"
                className={answer.unsure ? 'button triage-answer unsure' : 'button triage-answer'}
                onClick={() => onChange([...choices, { questionId: walk.next!.id, answerId: answer.id }])}
              >
                {answer.text}
                {answer.unsure && <span className="muted"> — {runbook.rules.unsure}</span>}
              </button>
            ))}
          </div>
        </fieldset>
      )}
    </div>
  );
}
