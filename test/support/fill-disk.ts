import { closeSync, openSync, writeSync } from 'node:fs';

/** Writes a file until the kernel says ENOSPC (a small tmpfs made full); answers the file's path, to free the space later. */
export function fillUntilFull(path: string): string {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return path;
}
