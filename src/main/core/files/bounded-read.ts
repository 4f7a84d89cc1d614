import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { ConsoleError } from '../../../shared/errors';
import { fileReadError } from './file-errors';

/**
 * Reads a whole file the operator or the console named, but only a regular file and only up to
 * `maxBytes`: it is stat'ed before it is opened (a FIFO would block a thread forever, a device
 * such as /dev/zero never ends), opened non-blocking in case it was swapped meanwhile, checked
 * again on the open descriptor, and read no further than the limit. Errors name the file and why,
 * never its content. `what` is what the caller was doing ("load the runbook").
 */
export function readRegularFile(path: string, maxBytes: number, what: string): Buffer {
  let fd: number;
  try {
    refuseUnlessRegular(statSync(path), path, maxBytes, what);
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw fileReadError(error, what, path);
  }
  try {
    refuseUnlessRegular(fstatSync(fd), path, maxBytes, what);
    const buffer = Buffer.allocUnsafe(maxBytes + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      // It grew past the limit after the stat: refuse rather than read on.
      if (length > maxBytes) throw tooLarge(path, maxBytes, what);
    }
    return buffer.subarray(0, length);
  } catch (error) {
    throw fileReadError(error, what, path);
  } finally {
    closeSync(fd);
  }
}

function refuseUnlessRegular(stats: Stats, path: string, maxBytes: number, what: string): void {
  if (!stats.isFile()) {
    throw new ConsoleError('FILE_NOT_REGULAR', `Could not ${what}: ${path} is ${kindOf(stats)}, not a regular file.`);
  }
  if (stats.size > maxBytes) throw tooLarge(path, maxBytes, what, stats.size);
}

function tooLarge(path: string, maxBytes: number, what: string, size?: number): ConsoleError {
  const actual = size === undefined ? 'more than' : `${size} bytes; the limit is`;
  return new ConsoleError('FILE_TOO_LARGE', `Could not ${what}: ${path} is ${actual} ${maxBytes} bytes.`);
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a plain file';
}
