// README.md's commands work as written: every `kubesim ...` (or `npx kubesim ...`) line of a fenced sh
// block runs against the built CLI (dist/; npm test builds first) through sh, in a temporary folder
// that sees the repository's scenarios/ (a symlink) and test/fixtures/, so results/ and any file a
// command writes land there, never in the repository. The few that cannot run here, or take minutes,
// are skipped with the reason listed in SKIP; a SKIP entry that no longer matches a README line fails.

import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve('.');

/** Commands (after comments are stripped and `npx ` dropped) that are not run, and why. */
const SKIP: Readonly<Record<string, string>> = {
  'kubesim test':
    'the whole library, heavy scenarios included (about 40 s): test/kubesim-test.test.ts runs exactly that',
  'kubesim test --update':
    'rewrites scenario files in place (re-baselining); src/expect/rebaseline.test.ts covers it',
  'kubesim test scenarios/scale/': 'the heavy scenarios (about 30 s); test/kubesim-test.test.ts runs them',
  'kubesim test $(ls -d scenarios/* | grep -v scale)':
    'the library without scenarios/scale/ (about 10 s): test/kubesim-test.test.ts runs the same scenarios',
  'kubesim bench --series --repeat 1': 'minutes: B2 at up to 10 000 nodes',
};

/** The fenced sh blocks' kubesim command lines, continuation lines joined, comments dropped. */
function readmeCommands(markdown: string): string[] {
  const out: string[] = [];
  let inSh = false;
  let pending = '';
  for (const raw of markdown.split('\n')) {
    if (/^```/.test(raw)) {
      inSh = !inSh && /^```(sh|bash|shell)\s*$/.test(raw);
      continue;
    }
    if (!inSh) continue;
    const line = pending + raw.trim();
    if (line.endsWith('\\')) {
      pending = `${line.slice(0, -1).trimEnd()} `;
      continue;
    }
    pending = '';
    const cmd = line.replace(/\s+#\s.*$/, '').replace(/^npx /, '');
    if (cmd.startsWith('kubesim ') || cmd === 'kubesim') out.push(cmd);
  }
  return out;
}

const commands = readmeCommands(readFileSync('README.md', 'utf8'));

/** A scratch folder with `kubesim` on PATH (the built CLI) and the repository's inputs beside it. */
function sandbox(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-readme-'));
  const bin = join(dir, '.bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'kubesim'), `#!/bin/sh\nexec node "${join(ROOT, 'dist/src/cli/main.js')}" "$@"\n`);
  chmodSync(join(bin, 'kubesim'), 0o755);
  symlinkSync(join(ROOT, 'scenarios'), join(dir, 'scenarios'));
  mkdirSync(join(dir, 'test'));
  symlinkSync(join(ROOT, 'test', 'fixtures'), join(dir, 'test', 'fixtures'));
  return { dir, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } };
}

describe('README.md commands', () => {
  it('finds the commands and every skip names one of them', () => {
    expect(commands.length).toBeGreaterThan(15);
    for (const skipped of Object.keys(SKIP)) expect(commands, skipped).toContain(skipped);
  });

  // One sandbox for all, in README order: later commands may read what earlier ones wrote
  // (kubesim report results/quickstart/seed-1 after the run).
  const box = sandbox();
  for (const cmd of commands) {
    const reason = SKIP[cmd];
    if (reason !== undefined) {
      it.skip(`${cmd}  (skipped: ${reason})`, () => {});
      continue;
    }
    it(cmd, () => {
      try {
        execFileSync('sh', ['-c', cmd], { cwd: box.dir, env: box.env, stdio: 'pipe', timeout: 120_000 });
      } catch (e) {
        const err = e as { status?: number; stderr?: Buffer; stdout?: Buffer };
        throw new Error(
          `exit ${err.status}: ${cmd}\n${err.stderr?.toString() ?? ''}${err.stdout?.toString().slice(-2000) ?? ''}`,
        );
      }
    }, 180_000);
  }
});
