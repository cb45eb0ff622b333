// Every `kubesim <command> --help` example is one line a user can paste: yargs would wrap a long example
// across lines (main.ts turns wrapping off), and every scenario or file it reads is in the repository.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const COMMANDS = ['run', 'validate', 'test', 'report', 'sweep', 'explain', 'compare', 'bench', 'capacity'];

/** Example lines of a --help text: the lines after "Examples:", without their two-space indent. */
function examples(help: string): string[] {
  const at = help.indexOf('Examples:\n');
  if (at < 0) return [];
  return help
    .slice(at + 'Examples:\n'.length)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.replace(/^ {2}/, ''));
}

describe.each(COMMANDS)('kubesim %s --help', (command) => {
  it('has examples, each a whole command on one line, reading only files that exist', () => {
    // yargs prints help on the process's stdout: run the built CLI (npm test builds first), 80 columns wide.
    const out = execFileSync('node', ['dist/src/cli/main.js', command, '--help'], {
      env: { ...process.env, COLUMNS: '80' },
    }).toString();
    const lines = examples(out);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      // A wrapped example leaves a continuation line that does not start with the program name.
      expect(COMMANDS.includes(line.split(' ')[1] as string) && line.startsWith('kubesim '), line).toBe(true);
      const cmd = line.split(/\s{2,}/)[0] as string;
      // Inputs: scenario and pod files named in the repository (outputs like job.yaml or /tmp/... are not).
      for (const file of cmd.split(/\s+/).filter((t) => /^scenarios\/[^*]*\.ya?ml$/.test(t)))
        expect(existsSync(file), `${line}: ${file}`).toBe(true);
    }
  });
});
