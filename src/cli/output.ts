// Output folders that never look complete when they are not, and that replace only what kubesim wrote
// (output-target.ts has the rules). Files are written into a hidden `.<name>.partial-<pid>` folder beside
// the target, which holds a partial manifest from the start; when the run succeeded the manifest lists
// the files and the folder is renamed into place. On failure or a signal the partial folder is removed;
// ones left by a killed process are removed by the next run into the same parent. Writers buffer 1 MiB
// before each write (dependencies.md §4).

import {
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { LineSink } from '../model/event-log.js';
import { makeFolders } from '../scenario/read-file.js';
import {
  checkOutputDir,
  type DirTargetOptions,
  OUTPUT_MARKER,
  type OutputManifest,
  readManifest,
  type TargetState,
} from './output-target.js';
import { onInterrupt } from './signals.js';
import { kubesimVersion } from './version.js';

const FLUSH_BYTES = 1 << 20;

export class FileSink implements LineSink {
  private buf = '';
  private readonly fd: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'wx');
  }

  write(line: string): void {
    this.buf += line;
    if (this.buf.length >= FLUSH_BYTES) this.flush();
  }

  flush(): void {
    if (this.buf.length > 0) {
      writeSync(this.fd, this.buf);
      this.buf = '';
    }
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export interface OutputDirOptions extends Partial<DirTargetOptions> {
  /** The command writing the folder, recorded in its manifest ("run", "compare", "sweep"). */
  readonly command: string;
}

const PARTIAL = /^\..+\.partial-(\d+)$/;

export class AtomicOutputDir {
  readonly tempDir: string;
  private readonly target: string;
  private readonly sinks: FileSink[] = [];
  private readonly files = new Set<string>();
  private readonly checks: DirTargetOptions;
  private readonly createdFrom: string | undefined;
  private readonly unregister: () => void;
  private done = false;

  /** Checks the target (CliExit, exit 2, when kubesim may not replace it), then makes the partial folder. */
  constructor(
    readonly targetDir: string,
    private readonly opts: OutputDirOptions,
  ) {
    this.checks = { flag: opts.flag ?? '--out', force: opts.force ?? false, inputs: opts.inputs ?? [] };
    checkOutputDir(targetDir, this.checks);
    this.target = resolve(targetDir);
    const parent = dirname(this.target);
    this.createdFrom = makeFolders(parent);
    sweepStalePartials(parent);
    this.tempDir = join(parent, `.${basename(this.target)}.partial-${process.pid}`);
    removePartialDir(this.tempDir, process.pid);
    // The signal handlers go in before the folder exists: a signal between the two would otherwise
    // meet the default handler and leave the folder behind. Unregistered again if the folder cannot be
    // made, so a signal never removes a folder that is not ours.
    this.unregister = onInterrupt(() => this.removeTemp());
    try {
      mkdirSync(this.tempDir);
    } catch (e) {
      this.unregister();
      throw e;
    }
    this.writeManifest({ partial: { pid: process.pid } });
  }

  sink(name: string): FileSink {
    const s = new FileSink(join(this.tempDir, name));
    this.sinks.push(s);
    this.files.add(name);
    return s;
  }

  writeFile(name: string, content: string): void {
    writeFileSync(join(this.tempDir, name), content, { flag: 'wx' });
    this.files.add(name);
  }

  /** Moves the finished folder into place, replacing an earlier kubesim output (or, with --force, any folder). */
  commit(): void {
    try {
      for (const s of this.sinks) s.close();
      this.sinks.length = 0;
      this.writeManifest({});
      replaceDir(this.tempDir, this.target, checkOutputDir(this.targetDir, this.checks));
    } catch (e) {
      this.abort();
      throw e;
    }
    this.done = true;
    this.unregister();
  }

  /** Removes the partial output (and the parent folders it created). Safe to call more than once. */
  abort(): void {
    if (this.done) return;
    for (const s of this.sinks) {
      try {
        s.close();
      } catch {
        // already closed
      }
    }
    this.removeTemp();
    this.removeCreatedParents();
    this.done = true;
    this.unregister();
  }

  private writeManifest(extra: Partial<OutputManifest>): void {
    const manifest: OutputManifest = {
      kubesim: 'output',
      command: this.opts.command,
      kubesimVersion: kubesimVersion(),
      files: [...this.files].sort(),
      ...extra,
    };
    writeFileSync(join(this.tempDir, OUTPUT_MARKER), `${JSON.stringify(manifest, null, 2)}\n`);
  }

  private removeTemp(): void {
    rmSync(this.tempDir, { recursive: true, force: true });
  }

  private removeCreatedParents(): void {
    if (this.createdFrom === undefined) return;
    for (let p = dirname(this.target); p.length >= this.createdFrom.length; p = dirname(p)) {
      try {
        rmdirSync(p);
      } catch {
        return; // not empty (or gone): keep it
      }
      if (p === this.createdFrom) return;
    }
  }
}

/** Renames `temp` to `target`; an existing target is moved aside first and removed as far as allowed. */
function replaceDir(temp: string, target: string, state: TargetState): void {
  if (state.kind === 'absent') {
    renameSync(temp, target);
    return;
  }
  const aside = join(dirname(target), `.${basename(target)}.old-${process.pid}`);
  renameSync(target, aside);
  try {
    renameSync(temp, target);
  } catch (e) {
    renameSync(aside, target);
    throw e;
  }
  if (state.kind === 'forced') rmSync(aside, { recursive: true, force: true });
  else if (state.kind === 'ours') removeListed(aside, state.manifest.files);
  else removeListed(aside, []);
}

/** Removes the listed files and the manifest, then the folder if nothing else appeared in it. */
function removeListed(dir: string, files: readonly string[]): void {
  for (const name of [...files, OUTPUT_MARKER]) {
    const path = join(dir, name);
    try {
      if (lstatSync(path).isFile()) unlinkSync(path);
    } catch {
      // already gone
    }
  }
  try {
    rmdirSync(dir);
  } catch {
    // something new appeared meanwhile: it stays, in the hidden folder
  }
}

/** Removes a partial folder of process `pid`: only if its manifest says so, only its plain files. */
function removePartialDir(dir: string, pid: number): void {
  let entries: string[];
  try {
    if (!lstatSync(dir).isDirectory()) return;
    if (readManifest(dir)?.partial?.pid !== pid) return;
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    const path = join(dir, name);
    try {
      const st = lstatSync(path);
      if (st.isFile() || st.isSymbolicLink()) unlinkSync(path);
    } catch {
      // gone
    }
  }
  try {
    rmdirSync(dir);
  } catch {
    // not empty: not ours to remove
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Partial folders of kubesim processes that no longer run (killed with SIGKILL, a power cut). */
export function sweepStalePartials(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const m = PARTIAL.exec(name);
    const pid = Number(m?.[1]);
    if (!m || !Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || isAlive(pid)) continue;
    removePartialDir(join(parent, name), pid);
  }
}

/**
 * Writes one file through a hidden temp file beside it and a rename, so a reader never sees half of it
 * and a failure leaves the old file. The caller has checked the target (checkOutputFile).
 */
export function writeFileAtomic(target: string, content: string): void {
  const abs = resolve(target);
  makeFolders(dirname(abs));
  const temp = join(dirname(abs), `.${basename(abs)}.partial-${process.pid}`);
  const unregister = onInterrupt(() => rmSync(temp, { force: true }));
  try {
    rmSync(temp, { force: true });
    writeFileSync(temp, content, { flag: 'wx' });
    renameSync(temp, abs);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  } finally {
    unregister();
  }
}

/** Adds a file kubesim wrote into a folder to the folder's manifest (creating one if it has none). */
export function recordOutput(dir: string, name: string, command: string): void {
  const marker = join(dir, OUTPUT_MARKER);
  let manifest: OutputManifest | undefined;
  try {
    lstatSync(marker);
    manifest = readManifest(dir);
    if (manifest === undefined || manifest.partial !== undefined) return; // not ours to edit
  } catch {
    manifest = { kubesim: 'output', command, kubesimVersion: kubesimVersion(), files: [] };
  }
  if (manifest.files.includes(name)) return;
  const files = [...manifest.files, name].sort();
  writeFileAtomic(marker, `${JSON.stringify({ ...manifest, files }, null, 2)}\n`);
}

/** Whether `name` inside `dir` is listed in the folder's (complete) manifest. */
export function listedOutput(dir: string, name: string): boolean {
  const m = readManifest(dir);
  return m !== undefined && m.partial === undefined && m.files.includes(name);
}
