/**
 * Crash-safe file writes: write to a temporary file in the same directory, flush it to disk, then rename
 * it over the target. A reader (or a run killed with -9 mid-write) sees either the old file or the new
 * one, never a torn one, because rename(2) is atomic within a file system.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, basename, join, resolve } from 'node:path';
import { systemErrorReason, UserError } from '../common/diagnostic.js';

let counter = 0;

/**
 * Creates `dir` and its missing parents, like `mkdirSync(dir, { recursive: true })`, but fails instead of
 * spinning forever where Node's recursive mkdir does: on procfs (`--out /proc/x`), mkdir(2) of a child
 * returns ENOENT although the parent exists, and Node retries the parent and the child without end
 * (reported as nodejs/node behaviour on Linux, Node 18–22). A system error (`ENOTDIR`, `EACCES`, …)
 * becomes a {@link UserError} naming the directory.
 */
export function makeDirectory(dir: string): void {
  try {
    makeMissing(dir);
  } catch (e) {
    const reason = systemErrorReason((e as NodeJS.ErrnoException).code);
    if (reason === undefined) throw e;
    throw new UserError(`cannot create directory ${dir}: ${reason}`, 2);
  }
}

function makeMissing(dir: string): void {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    try {
      if (statSync(at).isDirectory()) break;
      mkdirSync(at); // not a directory: fails with EEXIST/ENOTDIR naming the path
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  // Top down, one level each: an ENOENT here (the parent exists) is final, not a reason to retry.
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(d).isDirectory()) throw e;
    }
  }
}

/** Writes `data` to `path` atomically (temp file + fsync + rename). */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  makeDirectory(dirname(path));
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${counter++}`);
  const fd = openSync(tmp, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  fsyncDir(dirname(path));
}

/** Flushes a directory entry (so a rename survives a power cut); ignored where unsupported. */
export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems do not allow fsync on directories; the rename is still atomic.
  }
}
