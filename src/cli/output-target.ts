// Where kubesim may write: it replaces only what it wrote itself (README "Outputs"). Every output folder
// holds a small manifest, .kubesim-output.json, listing the files kubesim put there; a folder is
// replaced only when everything in it is listed (or with --force), and never when it is the current
// folder, one of its parents, the home folder, the root, or a folder holding the scenario. Files
// (--junit, --emit-job, bench --out) are replaced only when they are regular files kubesim wrote.
// Every check runs before any simulation, so a refusal costs nothing and touches nothing.

import { lstatSync, readdirSync, realpathSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, parse, resolve } from 'node:path';
import { describeEntry, isWithin, readRegularFile } from '../scenario/read-file.js';
import { CliExit, ExitCode } from './io.js';

export const OUTPUT_MARKER = '.kubesim-output.json';

/** What .kubesim-output.json holds. `partial` is set only while the run is still writing. */
export interface OutputManifest {
  readonly kubesim: 'output';
  readonly command: string;
  readonly kubesimVersion: string;
  readonly files: readonly string[];
  readonly partial?: { readonly pid: number };
}

/** What an existing target is, once it has passed the checks. */
export type TargetState =
  | { readonly kind: 'absent' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'ours'; readonly manifest: OutputManifest }
  | { readonly kind: 'forced' };

export interface DirTargetOptions {
  /** The option as the user wrote it, for messages, e.g. "--out". */
  readonly flag: string;
  readonly force: boolean;
  /** Files the command reads (the scenario and its includes): never inside a replaced folder. */
  readonly inputs?: readonly string[];
}

/** Longest folder name that still leaves room for the hidden `.<name>.partial-<pid>` beside it. */
const MAX_NAME_BYTES = 255 - '..partial-4194304'.length;

function refuse(flag: string, target: string, why: string): never {
  throw new CliExit(ExitCode.BadInput, `${flag} ${target === '' ? "''" : target}: ${why}`);
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined; // checkParent says why
    throw e;
  }
}

/** The absolute path with symbolic links resolved as far as the path exists (the rest appended). */
export function realPathSoFar(path: string): string {
  const abs = resolve(path);
  const tail: string[] = [];
  for (let p = abs; ; p = dirname(p)) {
    try {
      return join(realpathSync(p), ...tail.reverse());
    } catch {
      if (dirname(p) === p) return abs;
      tail.push(basename(p));
    }
  }
}

/** Refuses folders no flag may replace: cwd and its parents, home and its parents, the root, inputs. */
function refuseProtected(flag: string, target: string, real: string, inputs: readonly string[]): void {
  if (parse(real).root === real) refuse(flag, target, 'is the root folder; kubesim never replaces it');
  if (isWithin(realPathSoFar(process.cwd()), real))
    refuse(
      flag,
      target,
      'is the current folder or one of its parents; kubesim never replaces it (not even with --force)',
    );
  if (isWithin(realPathSoFar(homedir()), real))
    refuse(flag, target, 'is your home folder or one of its parents; kubesim never replaces it');
  for (const input of inputs) {
    if (isWithin(realPathSoFar(input), real))
      refuse(flag, target, `holds ${input}, which this command reads; choose another folder`);
  }
}

/** The nearest existing ancestor must be a folder (a file there means the path cannot be created). */
function checkParent(flag: string, target: string, abs: string): void {
  for (let p = dirname(abs); ; p = dirname(p)) {
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(p) === p) throw e;
      continue;
    }
    if (st.isSymbolicLink()) {
      try {
        st = lstatSync(realpathSync(p));
      } catch {
        refuse(flag, target, `${p} is a dangling symbolic link`);
      }
    }
    if (!st.isDirectory()) refuse(flag, target, `${p} is ${describeEntry(st)}, not a folder`);
    return;
  }
}

/** Reads a folder's manifest; undefined when it has none or it is not one kubesim wrote. */
export function readManifest(dir: string): OutputManifest | undefined {
  const path = join(dir, OUTPUT_MARKER);
  const st = lstatOrUndefined(path);
  if (st === undefined || !st.isFile() || st.size > 1 << 20) return undefined;
  try {
    const m = JSON.parse(readRegularFile(path, { maxBytes: 1 << 20 })) as Partial<OutputManifest>;
    const okFiles =
      Array.isArray(m.files) &&
      m.files.every((f) => typeof f === 'string' && f !== '' && !f.includes('/') && !f.startsWith('.'));
    if (m.kubesim !== 'output' || !okFiles || typeof m.command !== 'string') return undefined;
    return m as OutputManifest;
  } catch {
    return undefined;
  }
}

/** Why a folder is not a complete previous kubesim output, or undefined when it is one. */
function foreignContent(dir: string, manifest: OutputManifest | undefined): string | undefined {
  const entries = readdirSync(dir);
  if (manifest === undefined)
    return `holds ${quoteFirst(entries)}, and no ${OUTPUT_MARKER} says kubesim wrote it`;
  if (manifest.partial !== undefined) return 'is an unfinished kubesim output';
  const listed = new Set(manifest.files);
  for (const name of entries) {
    if (name === OUTPUT_MARKER) continue;
    if (!listed.has(name)) return `holds "${name}", which kubesim did not write`;
    const st = lstatSync(join(dir, name));
    if (!st.isFile()) return `holds "${name}", which is now ${describeEntry(st)}`;
  }
  return undefined;
}

function quoteFirst(entries: readonly string[]): string {
  const shown = entries.slice(0, 3).map((e) => `"${e}"`);
  return entries.length > 3 ? `${shown.join(', ')} and ${entries.length - 3} more` : shown.join(', ');
}

/**
 * Checks a folder kubesim is about to write (and replace); throws CliExit (exit 2) with the reason when
 * it may not. Call it before the run starts, and again just before the replacement.
 */
export function checkOutputDir(target: string, opts: DirTargetOptions): TargetState {
  const { flag } = opts;
  if (target.trim() === '') refuse(flag, target, 'expected a folder path');
  const abs = resolve(target);
  if (Buffer.byteLength(basename(abs)) > MAX_NAME_BYTES)
    refuse(flag, target, `the folder name is longer than ${MAX_NAME_BYTES} bytes`);
  refuseProtected(flag, target, realPathSoFar(abs), opts.inputs ?? []);
  const st = lstatOrUndefined(abs);
  if (st === undefined) {
    checkParent(flag, target, abs);
    return { kind: 'absent' };
  }
  if (!st.isDirectory())
    refuse(
      flag,
      target,
      `is ${describeEntry(st)}; kubesim writes only folders of its own there (choose another ${flag})`,
    );
  if (readdirSync(abs).length === 0) return { kind: 'empty' };
  const manifest = readManifest(abs);
  const foreign = foreignContent(abs, manifest);
  if (foreign === undefined) return { kind: 'ours', manifest: manifest as OutputManifest };
  if (opts.force) return { kind: 'forced' };
  refuse(
    flag,
    target,
    `${foreign}; kubesim replaces only folders it wrote (choose another ${flag}, or pass --force to replace this folder)`,
  );
}

export interface FileTargetOptions {
  readonly flag: string;
  readonly force: boolean;
  /** What the file is, for messages: "JUnit report", "Job manifest". */
  readonly what: string;
  /** Whether the start of an existing regular file shows kubesim wrote it. */
  readonly isOurs: (head: string) => boolean;
  /** Whether the command has --force (for the message). */
  readonly forceable?: boolean;
}

export type FileTargetState = 'absent' | 'ours' | 'forced';

/** Bytes read from an existing file to recognise it. */
const HEAD_BYTES = 64 * 1024;

/** Checks a file kubesim is about to write; a folder, a link or a device is never replaced. */
export function checkOutputFile(target: string, opts: FileTargetOptions): FileTargetState {
  const { flag } = opts;
  if (target.trim() === '' || target.endsWith('/')) refuse(flag, target, 'expected a file path');
  const abs = resolve(target);
  if (Buffer.byteLength(basename(abs)) > MAX_NAME_BYTES)
    refuse(flag, target, `the file name is longer than ${MAX_NAME_BYTES} bytes`);
  const st = lstatOrUndefined(abs);
  if (st === undefined) {
    checkParent(flag, target, abs);
    return 'absent';
  }
  if (!st.isFile())
    refuse(flag, target, `is ${describeEntry(st)}; kubesim writes the ${opts.what} only to a file`);
  if (opts.isOurs(readRegularFile(abs, { maxBytes: HEAD_BYTES, truncate: true }))) return 'ours';
  if (opts.force) return 'forced';
  refuse(
    flag,
    target,
    `is a file kubesim did not write (not a ${opts.what}); choose another path${opts.forceable === false ? '' : ', or pass --force to replace it'}`,
  );
}
