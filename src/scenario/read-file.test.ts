// read-file.ts: only regular files, within a size limit, inside a folder once links are resolved; the
// FIFO and the "device" here are a named pipe and a symbolic link to the null device in a temp folder,
// refused from their stat without being opened (a FIFO open would block, a device read never ends).

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileReadError, isWithin, makeFolders, readRegularFile } from './read-file.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'kubesim-read-'));

function reason(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof FileReadError) return e.reason;
    throw e;
  }
  throw new Error('expected a FileReadError');
}

describe('readRegularFile', () => {
  it('reads a regular file, refuses folders, FIFOs, devices and missing files', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.yaml'), 'a: 1\n');
    expect(readRegularFile(join(dir, 'a.yaml'), { maxBytes: 100 })).toBe('a: 1\n');
    expect(reason(() => readRegularFile(dir, { maxBytes: 100 }))).toMatch(/is a folder/);
    expect(spawnSync('mkfifo', [join(dir, 'fifo')]).status).toBe(0);
    expect(reason(() => readRegularFile(join(dir, 'fifo'), { maxBytes: 100 }))).toMatch(/FIFO/);
    symlinkSync('/dev/null', join(dir, 'null'));
    expect(reason(() => readRegularFile(join(dir, 'null'), { maxBytes: 100 }))).toMatch(/is a device/);
    expect(reason(() => readRegularFile(join(dir, 'nope'), { maxBytes: 100 }))).toBe(
      'no such file or folder',
    );
    expect(reason(() => readRegularFile(join(dir, 'a.yaml', 'x'), { maxBytes: 100 }))).toMatch(
      /not a folder/,
    );
  });

  it('refuses a file over the limit, or reads only its head when truncating', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'big'), 'x'.repeat(1000));
    expect(reason(() => readRegularFile(join(dir, 'big'), { maxBytes: 999 }))).toMatch(
      /is 1000 bytes; the limit is 999 bytes/,
    );
    expect(readRegularFile(join(dir, 'big'), { maxBytes: 1000 })).toHaveLength(1000);
    expect(readRegularFile(join(dir, 'big'), { maxBytes: 10, truncate: true })).toBe('x'.repeat(10));
  });

  it('confines to a folder by real path: a link inside pointing out is refused, ..x.yaml inside is fine', () => {
    const dir = tmp();
    const inside = join(dir, 'scenario');
    mkdirSync(inside);
    writeFileSync(join(dir, 'secret.yaml'), 'secret');
    writeFileSync(join(inside, '..pods.yaml'), 'pods');
    symlinkSync(join(dir, 'secret.yaml'), join(inside, 'link.yaml'));
    symlinkSync(join(inside, '..pods.yaml'), join(inside, 'ok-link.yaml'));
    expect(readRegularFile(join(inside, '..pods.yaml'), { maxBytes: 100, within: inside })).toBe('pods');
    expect(readRegularFile(join(inside, 'ok-link.yaml'), { maxBytes: 100, within: inside })).toBe('pods');
    expect(
      reason(() => readRegularFile(join(inside, 'link.yaml'), { maxBytes: 100, within: inside })),
    ).toMatch(/outside the folder/);
    symlinkSync('/dev/zero', join(inside, 'zero.yaml'));
    expect(
      reason(() => readRegularFile(join(inside, 'zero.yaml'), { maxBytes: 100, within: inside })),
    ).toMatch(/resolves to \/dev\/zero, outside the folder/);
  });

  it('isWithin: a name starting with two dots is inside, .. and ../x are not', () => {
    expect(isWithin('/a/b/..x', '/a/b')).toBe(true);
    expect(isWithin('/a/b', '/a/b')).toBe(true);
    expect(isWithin('/a', '/a/b')).toBe(false);
    expect(isWithin('/a/c', '/a/b')).toBe(false);
    expect(isWithin('/a/bc', '/a/b')).toBe(false);
  });
});

describe('makeFolders', () => {
  it('makes missing folders and returns the first it made; ends with an error where mkdir -p would loop', () => {
    const dir = tmp();
    expect(makeFolders(join(dir, 'a', 'b', 'c'))).toBe(join(dir, 'a'));
    expect(makeFolders(join(dir, 'a', 'b'))).toBeUndefined();
    writeFileSync(join(dir, 'f'), '');
    expect(() => makeFolders(join(dir, 'f', 'x'))).toThrow(/ENOTDIR|EEXIST/);
    // /proc answers ENOENT to mkdir: Node's recursive mkdirSync spins there for ever.
    expect(() => makeFolders('/proc/kubesim-no-such/x')).toThrow(/ENOENT/);
  });
});
