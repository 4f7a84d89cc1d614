/**
 * The title of the incident opened for a Powernode action when none was open. It says what was
 * asked, not what happened: the outcome (halted, refused, unknown) is in the journal, and the
 * renderer (which opens it before the call) and main (for callers that pass no incident) agree.
 */
export function actionIncidentTitle(action: 'halt' | 'resume' | 'agent.pause' | 'agent.resume', profile: string, about: string): string {
  const asked = { halt: 'Halt', resume: 'Resume', 'agent.pause': 'Agent pause', 'agent.resume': 'Agent resume' }[action];
  const title = `${asked} requested on ${profile}: ${about.trim()}`;
  return title.length > 200 ? `${title.slice(0, 199)}…` : title;
}
