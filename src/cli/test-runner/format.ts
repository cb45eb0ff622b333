// What `kubesim test` prints: a header per scenario, one PASS / FAIL line per expectation with observed
// vs expected, the explanation under a failure, the command that reproduces it, and the closing
// "N passed, N failed" line CI systems read.

import type { ExpectationResult } from '../../expect/result.js';

const SAFE_ARG = /^[\w@%+=:,./-]+$/;

/** Quotes an argument for a POSIX shell only when it needs it. */
export function shellArg(arg: string): string {
  return SAFE_ARG.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

export function reproduceCommand(file: string, seed: number): string {
  return `kubesim run ${shellArg(file)} --seed ${seed}`;
}

export function scenarioHeader(file: string, name: string, seed: number, count: number): string {
  return `${file} (${name}, seed ${seed}): ${count} expectation${count === 1 ? '' : 's'}\n`;
}

export function resultLines(r: ExpectationResult, updated: boolean): string {
  const tag = r.status === 'pass' ? 'PASS' : r.status === 'fail' ? 'FAIL' : 'ERROR';
  let text = `  ${tag}  ${r.description}: observed ${r.observed}, expected ${r.expected}${updated ? ' (updated)' : ''}\n`;
  if (r.status !== 'pass') text += `        ${r.explanation}\n`;
  return text;
}

export function closingLine(passed: number, failed: number): string {
  return `${passed} passed, ${failed} failed\n`;
}
