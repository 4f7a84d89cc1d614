import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contentBytes, writePrivateFiles, writePrivateFilesInBackground, type PrivateFile } from '../../src/main/core/files/private-files';

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })));

function folder(): string {
  const made = mkdtempSync(join(tmpdir(), 'incident-console-save-'));
  folders.push(made);
  return made;
}

/** The save as the caller meets it: undefined when it worked, else its code and message. */
async function save(how: 'waiting' | 'in the background', files: PrivateFile[]): Promise<{ code: string; message: string } | undefined> {
  try {
    if (how === 'waiting') writePrivateFiles(files, 'save the test files');
    else await writePrivateFilesInBackground(files, 'save the test files');
    return undefined;
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
}

// The export saves in the background and everything else waits: both are one save (saveSteps), and must behave as one.
describe.each(['waiting', 'in the background'] as const)('a save of several files, %s', (how) => {
  it('writes each file whole and private, and leaves no temporary file', async () => {
    const dir = folder();
    const previous = process.umask(0);
    try {
      const failure = await save(how, [
        { path: join(dir, 'a.md'), content: 'first' },
        { path: join(dir, 'deeper', 'b.json'), content: new Uint8Array([123, 125]) },
        // A long text in parts (the export's bundle), written one after another; one past a write's usual chunk.
        { path: join(dir, 'c.txt'), content: ['head ✓\n', 'x'.repeat(600_000), '', '\ntail'] },
      ]);
      expect(failure).toBeUndefined();
    } finally {
      process.umask(previous);
    }
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe('first');
    expect(readFileSync(join(dir, 'deeper', 'b.json'), 'utf8')).toBe('{}');
    expect(readFileSync(join(dir, 'c.txt'), 'utf8')).toBe(`head ✓\n${'x'.repeat(600_000)}\ntail`);
    expect(contentBytes(['head ✓\n', 'x'.repeat(600_000), '', '\ntail'])).toBe(statSync(join(dir, 'c.txt')).size);
    expect(statSync(join(dir, 'a.md')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'c.txt')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'deeper')).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir).sort()).toEqual(['a.md', 'c.txt', 'deeper']);
  });

  it('replaces none of them when one cannot be written, and says so', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'a.md'), 'old a');
    writeFileSync(join(dir, 'not-a-folder'), 'a file where a folder was expected');
    const failure = await save(how, [
      { path: join(dir, 'a.md'), content: 'new a' },
      { path: join(dir, 'not-a-folder', 'b.json'), content: '{}' },
    ]);
    expect(failure?.code).toBe('FILE_WRITE_FAILED');
    expect(failure?.message).toMatch(/^Could not save the test files \(.+not-a-folder\/b\.json\): \w+\. None of the files was replaced\.$/);
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe('old a');
    expect(readdirSync(dir).sort()).toEqual(['a.md', 'not-a-folder']);
  });

  it('names what it had already replaced when a rename fails, and removes the rest of its temporary files', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'a.md'), 'old a');
    // A folder with something in it cannot be renamed over: the second rename fails, after the first.
    mkdirSync(join(dir, 'b.json'));
    writeFileSync(join(dir, 'b.json', 'inside'), 'x');
    writeFileSync(join(dir, 'c.html'), 'old c');
    const failure = await save(how, [
      { path: join(dir, 'a.md'), content: 'new a' },
      { path: join(dir, 'b.json'), content: '{}' },
      { path: join(dir, 'c.html'), content: 'new c' },
    ]);
    expect(failure?.message).toMatch(/\. Already replaced: a\.md; the others were left as they were\.$/);
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe('new a');
    expect(readFileSync(join(dir, 'c.html'), 'utf8')).toBe('old c');
    expect(readdirSync(dir).sort()).toEqual(['a.md', 'b.json', 'c.html']);
  });
});

describe('two saves of one folder in the background at once (two exports)', () => {
  it('leave all of one save in the folder, never a file of each', async () => {
    const dir = folder();
    const names = ['postmortem.md', 'timeline-bundle.json', 'postmortem.html', 'verify.html'];
    const saveOf = (letter: string, size: number) =>
      writePrivateFilesInBackground(
        names.map((name) => ({ path: join(dir, name), content: [letter.repeat(size), letter] })),
        `save export ${letter}`,
      );
    for (let round = 0; round < 30; round += 1) {
      // Sizes that change with the round, so either save may finish its writes first.
      await Promise.all([saveOf('A', 1 + ((round * 7919) % 200_000)), saveOf('B', 1 + ((round * 104_729) % 200_000))]);
      const letters = names.map((name) => readFileSync(join(dir, name), 'utf8').at(-1));
      expect({ round, letters }).toEqual({ round, letters: names.map(() => letters[0]) });
    }
    expect(readdirSync(dir).sort()).toEqual([...names].sort());
  });
});
