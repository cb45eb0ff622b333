// NodeStatuses (node-statuses.ts): a Map filled lazily whose histogram always matches its entries.

import { describe, expect, it } from 'vitest';
import { Code, status } from './framework.js';
import { NodeStatuses, statusHistogram } from './node-statuses.js';

const fit = status(Code.Unschedulable, 'NodeResourcesFit', 'Insufficient cpu');
const taint = status(Code.UnschedulableAndUnresolvable, 'TaintToleration', 'untolerated taint');
const names = ['n0', 'n1', 'n2', 'n3', 'n4'];
const nameOf = (idx: number) => names[idx] as string;

/** The histogram counted from the materialized entries, in order of first occurrence. */
function counted(m: NodeStatuses) {
  const c = new Map<unknown, number>();
  for (const st of [...m.values()]) c.set(st, (c.get(st) ?? 0) + 1);
  return [...c];
}

describe('NodeStatuses', () => {
  it('adopted pairs: entries in search order after those already set, histogram in step', () => {
    const m = new NodeStatuses();
    m.set('absent', taint);
    m.adopt(Int32Array.from([3, 1, 4]), [fit, taint, fit], 3, nameOf);
    expect(m.size).toBe(4);
    expect(m.histogram()).toEqual([
      [taint, 2],
      [fit, 2],
    ]);
    expect([...m.keys()]).toEqual(['absent', 'n3', 'n1', 'n4']);
    expect(m.histogram()).toEqual(counted(m));
    m.set('n3', taint);
    expect(m.histogram()).toEqual(counted(m));
    m.delete('n4');
    expect(m.histogram()).toEqual(counted(m));
    expect(statusHistogram(new Map([['x', fit]]))).toEqual([[fit, 1]]);
  });

  it('a rotated adoption lists nodes from the start position, wrapping around', () => {
    const m = new NodeStatuses();
    const order = Int32Array.from([0, 1, 2, 3, 4]);
    m.adoptRotated(
      order,
      [fit, fit, taint, fit, taint],
      3,
      [
        [fit, 3],
        [taint, 2],
      ],
      nameOf,
    );
    expect(m.size).toBe(5);
    expect(m.get('n2')).toBe(taint);
    expect([...m.keys()]).toEqual(['n3', 'n4', 'n0', 'n1', 'n2']);
    expect(m.histogram()).toEqual(counted(m));
  });
});
