import { describe, expect, it } from 'vitest';
import type { ConditionStatus, Taint } from '../../model/types.js';
import { desiredNoScheduleKeys, noScheduleDiff, noScheduleInSync } from './no-schedule-taints.js';

const conds = (o: Readonly<Record<string, ConditionStatus | undefined>>) =>
  new Map(
    Object.entries(o)
      .filter((e): e is [string, ConditionStatus] => e[1] !== undefined)
      .map(([type, status]) => [type, { status }]),
  );
const ns = (key: string): Taint => ({ key, effect: 'NoSchedule' });

describe('doNoScheduleTaintingPass', () => {
  it.each([
    { name: 'healthy node', c: { Ready: 'True', MemoryPressure: 'False' }, u: false, want: [] },
    { name: 'Ready=False', c: { Ready: 'False' }, u: false, want: ['node.kubernetes.io/not-ready'] },
    { name: 'Ready=Unknown', c: { Ready: 'Unknown' }, u: false, want: ['node.kubernetes.io/unreachable'] },
    { name: 'no conditions yet', c: {}, u: false, want: [] },
    {
      name: 'pressure conditions',
      c: { Ready: 'True', MemoryPressure: 'True', DiskPressure: 'True', PIDPressure: 'True' },
      u: false,
      want: [
        'node.kubernetes.io/memory-pressure',
        'node.kubernetes.io/disk-pressure',
        'node.kubernetes.io/pid-pressure',
      ],
    },
    { name: 'cordoned', c: { Ready: 'True' }, u: true, want: ['node.kubernetes.io/unschedulable'] },
  ] as const)('$name', ({ c, u, want }) => {
    expect(desiredNoScheduleKeys(conds(c), u)).toEqual(want);
  });

  it('swaps not-ready for unreachable and leaves taints it does not own alone', () => {
    const diff = noScheduleDiff(
      ['node.kubernetes.io/unreachable'],
      [
        ns('node.kubernetes.io/not-ready'),
        ns('dedicated'),
        { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
      ],
    );
    expect(diff).toEqual({
      add: ['node.kubernetes.io/unreachable'],
      remove: ['node.kubernetes.io/not-ready'],
    });
  });

  it('nothing to do when the taints match', () => {
    expect(
      noScheduleDiff(['node.kubernetes.io/unreachable'], [ns('node.kubernetes.io/unreachable')]),
    ).toEqual({
      add: [],
      remove: [],
    });
  });
});

describe('noScheduleInSync', () => {
  it.each([
    { c: { Ready: 'True' }, u: false, taints: [], want: true },
    { c: { Ready: 'Unknown' }, u: false, taints: [], want: false },
    { c: { Ready: 'Unknown' }, u: false, taints: [ns('node.kubernetes.io/unreachable')], want: true },
    { c: { Ready: 'Unknown' }, u: false, taints: [ns('node.kubernetes.io/not-ready')], want: false },
    { c: { Ready: 'True' }, u: true, taints: [], want: false },
    {
      c: { Ready: 'True' },
      u: false,
      taints: [ns('dedicated'), { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' } as Taint],
      want: true,
    },
    {
      c: { Ready: 'True', DiskPressure: 'True' },
      u: false,
      taints: [ns('node.kubernetes.io/disk-pressure')],
      want: true,
    },
    { c: { Ready: 'True' }, u: true, taints: [ns('node.kubernetes.io/unschedulable')], want: true },
    { c: { Ready: 'True' }, u: false, taints: [ns('node.kubernetes.io/unschedulable')], want: false },
    {
      c: { Ready: 'False' },
      u: true,
      taints: [ns('node.kubernetes.io/unschedulable'), ns('node.kubernetes.io/not-ready')],
      want: true,
    },
    {
      c: { Ready: 'False' },
      u: true,
      taints: [ns('node.kubernetes.io/unschedulable'), ns('node.kubernetes.io/unreachable')],
      want: false,
    },
  ] as const)('$c, unschedulable $u -> $want', ({ c, u, taints, want }) => {
    expect(noScheduleInSync(conds(c), u, taints)).toBe(want);
    const diff = noScheduleDiff(desiredNoScheduleKeys(conds(c), u), taints);
    expect(diff.add.length === 0 && diff.remove.length === 0).toBe(want);
  });
});
