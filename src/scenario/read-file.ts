// Reading input files safely (README "Files kubesim reads"): only regular files, never a FIFO (which
// would block), a device (the zero device never ends) or a folder; at most a documented number of
// bytes; and, for files a scenario names, only inside the scenario's folder once symbolic links are
// resolved. Problems come back as FileReadError with a short reason, for the caller to locate. Also
// makeFolders, a `mkdir -p` that cannot loop.

import {
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  realpathSync,
  type Stats,
  statSync,
} from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

const MiB = 1024 * 1024;

/** Size limits on what kubesim reads into memory (README "Files kubesim reads"). */
export const INPUT_LIMITS = {
  /** One YAML or JSON file: a scenario, an include, a pod file, a KubeSchedulerConfiguration. */
  yamlBytes: 16 * MiB,
  /** One CSV file: a trace, timeseries.csv, compare.csv. */
  csvBytes: 64 * MiB,
  /** A scenario and everything it includes, together. */
  scenarioTotalBytes: 64 * MiB,
  /** One JSON file kubesim wrote: summary.json, a sweep cell file. */
  jsonBytes: 16 * MiB,
} as const;

export class FileReadError extends Error {
  override readonly name = 'FileReadError';

  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

/** What kind of entry a non-regular file is, for messages. */
export function describeEntry(st: Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a folder';
  if (st.isFile()) return 'a file';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many levels of symbolic links',
  EROFS: 'read-only file system',
  EEXIST: 'already exists',
  ENOTEMPTY: 'the folder is not empty',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EBUSY: 'busy',
  EXDEV: 'on another file system',
  EIO: 'input/output error',
  EFBIG: 'file too large',
  EAGAIN: 'resource temporarily unavailable',
  EINVAL: 'invalid argument',
};

/** A file-system error code in words ("permission denied"), or undefined for other errors. */
export function fsReason(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return undefined;
  return REASONS[code] ?? (/^E[A-Z]+$/.test(code) ? code : undefined);
}

/** Whether `inner` is `outer` or lies inside it (both absolute). `..pods.yaml` is inside. */
export function isWithin(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

export interface ReadOptions {
  readonly maxBytes: number;
  /** Read at most maxBytes and stop, instead of refusing a larger file (to recognise a file's head). */
  readonly truncate?: boolean;
  /** The folder the file must stay in once symbolic links are resolved (absolute path). */
  readonly within?: string;
  /** Told the real path once it is known (for hashing or shipping the same file). */
  readonly onRealPath?: (real: string) => void;
}

function fail(path: string, e: unknown): never {
  if (e instanceof FileReadError) throw e;
  throw new FileReadError(path, fsReason(e) ?? (e as Error).message);
}

/** The real path of `path`, refused when it leaves `folder` (whose real path is taken too). */
export function confinedRealPath(path: string, folder: string): string {
  let real: string;
  let base: string;
  try {
    real = realpathSync(path);
    base = realpathSync(folder);
  } catch (e) {
    fail(path, e);
  }
  if (!isWithin(real, base)) throw new FileReadError(path, `resolves to ${real}, outside the folder ${base}`);
  return real;
}

/** The file's bytes as UTF-8 text; FileReadError when it is not a readable regular file within limits. */
export function readRegularFile(path: string, opts: ReadOptions): string {
  const real = opts.within !== undefined ? confinedRealPath(path, opts.within) : path;
  opts.onRealPath?.(real);
  // stat before open: opening some devices has effects of its own; fstat after, in case it was swapped.
  checkRegular(path, () => statSync(real), opts);
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    fail(path, e);
  }
  try {
    const st = checkRegular(path, () => fstatSync(fd), opts);
    const chunks: Buffer[] = [];
    let total = 0;
    // One byte more than expected, so a file that grows while it is read is noticed.
    let buf = Buffer.alloc(Math.min(st.size, opts.maxBytes) + 1);
    for (let r = readSync(fd, buf, 0, buf.length, null); r > 0; r = readSync(fd, buf, 0, buf.length, null)) {
      chunks.push(buf.subarray(0, r));
      total += r;
      if (total > opts.maxBytes) break;
      buf = Buffer.alloc(Math.min(1 << 16, opts.maxBytes + 1 - total));
    }
    if (total > opts.maxBytes && !opts.truncate) throw tooBig(path, total, opts.maxBytes);
    return Buffer.concat(chunks).toString('utf8', 0, Math.min(total, opts.maxBytes));
  } catch (e) {
    fail(path, e);
  } finally {
    closeSync(fd);
  }
}

function checkRegular(path: string, stat: () => Stats, opts: ReadOptions): Stats {
  let st: Stats;
  try {
    st = stat();
  } catch (e) {
    fail(path, e);
  }
  if (!st.isFile())
    throw new FileReadError(path, `is ${describeEntry(st)}; kubesim reads only regular files`);
  if (st.size > opts.maxBytes && !opts.truncate) throw tooBig(path, st.size, opts.maxBytes);
  return st;
}

function tooBig(path: string, size: number, max: number): FileReadError {
  return new FileReadError(
    path,
    `is ${formatBytes(size)}; the limit is ${formatBytes(max)} (README "Files kubesim reads")`,
  );
}

export function formatBytes(n: number): string {
  return n >= MiB ? `${(n / MiB).toFixed(n % MiB === 0 ? 0 : 1)} MiB` : `${n} bytes`;
}

/** Checks a file that will be streamed rather than read whole (events.csv): regular, readable. */
export function checkStreamable(path: string): void {
  checkRegular(path, () => statSync(path), { maxBytes: Number.POSITIVE_INFINITY });
}

/**
 * `mkdir -p` that always ends: Node's mkdirSync(path, {recursive: true}) loops for ever where mkdir
 * answers ENOENT under an existing folder (/proc/x/y). Returns the first folder it made, if any.
 */
export function makeFolders(path: string): string | undefined {
  const abs = resolve(path);
  const missing: string[] = [];
  for (let p = abs; ; p = dirname(p)) {
    try {
      if (statSync(p).isDirectory()) break;
      mkdirSync(p); // not a folder: mkdir says why (EEXIST, ENOTDIR)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(p) === p) throw e;
      missing.push(p);
    }
  }
  for (const p of missing.reverse()) mkdirSync(p);
  return missing[0];
}
