// Output folders that never look complete when they are not: files are written into a hidden temp
// folder beside the target and renamed into place only after the run succeeded; on failure the temp
// folder is removed. Writers buffer 1 MiB before each write (dependencies.md §4).

import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { LineSink } from '../model/event-log.js';

const FLUSH_BYTES = 1 << 20;

export class FileSink implements LineSink {
  private buf = '';
  private readonly fd: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
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

export class AtomicOutputDir {
  readonly tempDir: string;
  private readonly sinks: FileSink[] = [];
  private done = false;

  constructor(readonly targetDir: string) {
    const parent = dirname(targetDir);
    mkdirSync(parent, { recursive: true });
    this.tempDir = join(parent, `.${basename(targetDir)}.partial-${process.pid}`);
    rmSync(this.tempDir, { recursive: true, force: true });
    mkdirSync(this.tempDir, { recursive: true });
  }

  sink(name: string): FileSink {
    const s = new FileSink(join(this.tempDir, name));
    this.sinks.push(s);
    return s;
  }

  writeFile(name: string, content: string): void {
    writeFileSync(join(this.tempDir, name), content);
  }

  /** Moves the finished folder into place, replacing an earlier run's output. */
  commit(): void {
    for (const s of this.sinks) s.close();
    if (existsSync(this.targetDir)) rmSync(this.targetDir, { recursive: true, force: true });
    renameSync(this.tempDir, this.targetDir);
    this.done = true;
  }

  /** Removes the partial output. Safe to call more than once. */
  abort(): void {
    if (this.done) return;
    for (const s of this.sinks) {
      try {
        s.close();
      } catch {
        // already closed
      }
    }
    rmSync(this.tempDir, { recursive: true, force: true });
    this.done = true;
  }
}
