import { execFileSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRunbookFile } from '../../src/main/core/runbook/runbook-loader';
import type { ConsoleError } from '../../src/shared/errors';

const dir = mkdtempSync(join(tmpdir(), 'incident-console-runbook-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The error a load was refused with (the test fails if it loaded). */
async function refusalOf(load: Promise<unknown>): Promise<ConsoleError> {
  try {
    await load;
  } catch (error) {
    return error as ConsoleError;
  }
  throw new Error('the file was loaded as a runbook');
}

const shadowLike = 'root:$6$Qm9vYmFyc2FsdA$TOPSECRETHASHVALUE:19700:0:99999:7:::\ndaemon:*:19700:0:99999:7:::\n';

describe('runbook.load reads only what a runbook can be', () => {
  it('refuses a FIFO without opening it, and four of them leave the thread pool free for a DNS lookup', async () => {
    const fifos = [1, 2, 3, 4].map((n) => join(dir, `pipe-${n}.json`));
    for (const fifo of fifos) execFileSync('mkfifo', [fifo]);
    const refusals = await Promise.allSettled(fifos.map((fifo) => loadRunbookFile(fifo)));
    for (const [index, refusal] of refusals.entries()) {
      expect(refusal).toMatchObject({
        status: 'rejected',
        reason: { code: 'RUNBOOK_UNREADABLE', message: `Could not load the runbook: ${fifos[index]} is a named pipe (FIFO), not a regular file.` },
      });
    }
    // A halt to a named host needs a lookup: it must not queue behind blocked reads.
    await expect(lookup('localhost')).resolves.toMatchObject({ address: expect.any(String) });
  });

  it('refuses a device such as /dev/zero before reading a byte of it', async () => {
    await expect(loadRunbookFile('/dev/zero')).rejects.toMatchObject({
      code: 'RUNBOOK_UNREADABLE',
      message: 'Could not load the runbook: /dev/zero is a device, not a regular file.',
    });
  });

  it('refuses a file larger than a runbook can be, by its size', async () => {
    const big = join(dir, 'disk-image.json');
    writeFileSync(big, Buffer.alloc(3 * 1024 * 1024, 0x7b));
    await expect(loadRunbookFile(big)).rejects.toMatchObject({
      code: 'RUNBOOK_UNREADABLE',
      message: `Could not load the runbook: ${big} is 3145728 bytes; the limit is 2097152 bytes.`,
    });
  });

  it('quotes nothing of a file that is not JSON', async () => {
    const shadow = join(dir, 'shadow');
    writeFileSync(shadow, shadowLike, { mode: 0o600 });
    const refusal = await refusalOf(loadRunbookFile(shadow));
    expect(refusal).toMatchObject({ code: 'RUNBOOK_INVALID', message: `${shadow} is not JSON.` });
    const said = JSON.stringify({ message: refusal.message, issues: refusal.issues });
    for (const piece of ['root', 'Qm9vYmFy', 'TOPSECRET', 'daemon', '19700']) expect(said).not.toContain(piece);
  });

  it('says where a JSON error is, without the text around it', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{\n  "version": 1,\n  "name" "password=hunter2"\n}');
    const refusal = await refusalOf(loadRunbookFile(broken));
    expect(refusal.message).toBe(`${broken} is not JSON (syntax error at line 3, column 10).`);
  });

  it('quotes nothing of a JSON file that is not a runbook at all', async () => {
    const credentials = join(dir, 'credentials.json');
    writeFileSync(credentials, JSON.stringify({ aws_secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'eu-west-1' }));
    const refusal = await refusalOf(loadRunbookFile(credentials));
    expect(refusal).toMatchObject({
      code: 'RUNBOOK_INVALID',
      message: `${credentials} is JSON, but not an Incident Console runbook (a runbook is an object with "version": 1).`,
    });
    expect(JSON.stringify({ message: refusal.message, issues: refusal.issues })).not.toMatch(/aws_secret|wJalr|eu-west/);
  });
});
