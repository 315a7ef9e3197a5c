/**
 * Reading data files from disk. A file that cannot be read is the user's problem, not a bug, so every
 * failure becomes a {@link UserError} with exit code 2 (I/O) that names the file as the user wrote it;
 * gzip data that does not decompress is a corrupt file, exit code 1 (bad data).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { UserError } from '../common/diagnostic.js';

/** What each common `errno` code means, in words a user can act on. */
const ERRNO_MESSAGES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
};

/**
 * Reads a whole file as bytes.
 *
 * @param path - the path as the user wrote it (used in messages)
 * @param cwd - base directory for a relative `path` (defaults to the process's)
 * @throws UserError (exit code 2) when the file is missing or unreadable
 */
export async function readDataFile(path: string, cwd?: string): Promise<Uint8Array> {
  try {
    return await readFile(resolve(cwd ?? process.cwd(), path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const why = ERRNO_MESSAGES[code] ?? (e as Error).message;
    throw new UserError(`${path}: cannot read the data file: ${why}`, 2);
  }
}

/** Whether the bytes start with the gzip magic number 1f 8b (RFC 1952, section 2.3.1). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Returns the bytes, decompressed if they are gzip data (detected by content, not by file name).
 *
 * @param bytes - the file's bytes
 * @param name - the file name for messages
 * @throws UserError (exit code 1) when gzip data is truncated or corrupt
 */
export function maybeGunzip(bytes: Uint8Array, name: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new UserError(`${name}: corrupt or truncated gzip data (${(e as Error).message})`, 1);
  }
}
