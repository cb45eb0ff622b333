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

  it('single lookups from the adopted rows give what the built Map gives', () => {
    const rowOf = (name: string) => names.indexOf(name);
    const build = (m: NodeStatuses, rotated: boolean) => {
      m.set('n1', taint); // set before, overridden by the adopted pair of row 1
      m.set('absent', fit);
      if (rotated) m.adoptRotated(Int32Array.from([4, 1, 2]), [fit, fit, taint], 2, [], nameOf);
      else m.adopt(Int32Array.from([4, 1, 2, 1]), [fit, taint, taint, fit], 4, nameOf);
    };
    for (const rotated of [false, true]) {
      const lazy = new NodeStatuses(rowOf);
      const eager = new NodeStatuses();
      build(lazy, rotated);
      build(eager, rotated);
      const built = new Map([...eager]);
      // More lookups than are answered from the rows: the later ones read the built Map.
      for (const name of [...names, 'absent', 'nowhere', ...names])
        expect(lazy.get(name), `${name} rotated=${rotated}`).toBe(built.get(name));
      expect([...lazy]).toEqual([...built]);
    }
  });
});
