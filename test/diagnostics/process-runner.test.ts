import { describe, expect, it } from 'vitest';
import { startProcess } from '../../src/main/core/diagnostics/process-runner';
import { ConsoleError } from '../../src/shared/errors';

/** The process runner's refusals are the console's own failures, with a code, not bare Errors that would reach the run card as INTERNAL. */
describe('a command the operating system will not start', () => {
  const quiet = { onOutput: () => undefined };

  it('an empty argv is refused before anything is spawned', () => {
    expect(() => startProcess([], quiet)).toThrow(ConsoleError);
    expect(() => startProcess([], quiet)).toThrow(
      expect.objectContaining({ code: 'COMMAND_NOT_STARTED', message: 'The command has no program to run (its argv is empty).' }),
    );
  });

  it('an argument Node will not pass to a program (a NUL byte) says which program and why', () => {
    expect(() => startProcess(['echo', 'one\u0000two'], quiet)).toThrow(
      expect.objectContaining({ code: 'COMMAND_NOT_STARTED', message: expect.stringMatching(/^echo could not be started: .*null bytes/) }),
    );
  });

  it('a program that is not installed still starts as a run that says "command not found"', async () => {
    const started = startProcess(['incident-console-no-such-program'], quiet);
    expect(await started.done).toMatchObject({ exitCode: null, spawnError: 'incident-console-no-such-program: command not found' });
  });
});
