// --update edits: observed times written back in the author's style, every other byte kept.

import { describe, expect, it } from 'vitest';
import { rewriteTimes } from './rebaseline.js';

const S = 1_000_000;

const FILE = `# Pins the S1 timeline (node-health-timing.md §9).
apiVersion: kubesim/v1alpha1
kind: Scenario
spec:
  expect:
    # Ready=Unknown one grace period after the last probe
    - {event: {reason: NodeStatusUnknown, object: a-01}, at: 2m25s}   # S1 row 145
    - event: {reason: TaintAdded}
      at: 150        # bare seconds

    - event: {reason: TaintManagerEviction}
      at: {after: {reason: TaintAdded}, by: "300s"}
    - {event: {reason: X}, at: 10s, tolerance: 1s}
`;

describe('rewriteTimes', () => {
  it('changes only the edited values, keeping comments, quoting and layout byte for byte', () => {
    const r = rewriteTimes(FILE, [
      { path: ['spec', 'expect', 0, 'at'], us: 150 * S },
      { path: ['spec', 'expect', 1, 'at'], us: 155_500_000 },
      { path: ['spec', 'expect', 2, 'at', 'by'], us: 290 * S },
      { path: ['spec', 'expect', 3, 'at'], us: 10 * S }, // unchanged value: no edit
    ]);
    expect(r.text).toBe(
      FILE.replace('at: 2m25s}', 'at: 2m30s}')
        .replace('at: 150 ', 'at: 155.5 ')
        .replace('by: "300s"', 'by: "290s"'),
    );
    expect(r.applied).toEqual([
      { path: ['spec', 'expect', 0, 'at'], line: 7, before: '2m25s', after: '2m30s' },
      { path: ['spec', 'expect', 1, 'at'], line: 9, before: '150', after: '155.5' },
      { path: ['spec', 'expect', 2, 'at', 'by'], line: 12, before: '300s', after: '290s' },
    ]);
    expect(r.skipped).toEqual([]);
  });

  it('writes negative offsets and reports paths it cannot edit', () => {
    const r = rewriteTimes(FILE, [
      { path: ['spec', 'expect', 2, 'at', 'by'], us: -5 * S },
      { path: ['spec', 'expect', 9, 'at'], us: 1 },
    ]);
    expect(r.text).toContain('by: "-5s"');
    expect(r.skipped).toEqual([
      { path: ['spec', 'expect', 9, 'at'], why: 'spec.expect[9].at is not a plain value in the file' },
    ]);
  });

  it('leaves the text untouched when nothing changes', () => {
    expect(rewriteTimes(FILE, []).text).toBe(FILE);
  });
});
