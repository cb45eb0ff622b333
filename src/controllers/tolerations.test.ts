import { describe, expect, it } from 'vitest';
import type { Taint, Toleration } from '../model/types.js';
import { matchNoExecute, toleratesTaint } from './tolerations.js';

const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
const notReady: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };
const oos: Taint = { key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' };
const tol = (key: string | undefined, secs?: number, extra: Partial<Toleration> = {}): Toleration => ({
  ...(key !== undefined ? { key } : {}),
  operator: 'Exists',
  effect: 'NoExecute',
  ...(secs !== undefined ? { tolerationSeconds: secs } : {}),
  ...extra,
});

describe('toleratesTaint', () => {
  it.each([
    { name: 'same key, Exists', t: tol(unreachable.key), taint: unreachable, want: true },
    { name: 'other key', t: tol(notReady.key), taint: unreachable, want: false },
    {
      name: 'empty key Exists tolerates everything',
      t: { operator: 'Exists' } as Toleration,
      taint: oos,
      want: true,
    },
    {
      name: 'wrong effect',
      t: tol(unreachable.key, undefined, { effect: 'NoSchedule' }),
      taint: unreachable,
      want: false,
    },
    {
      name: 'Equal with the right value',
      t: { key: oos.key, operator: 'Equal', value: 'nodeshutdown' } as Toleration,
      taint: oos,
      want: true,
    },
    {
      name: 'Equal with another value',
      t: { key: oos.key, value: 'x' } as Toleration,
      taint: oos,
      want: false,
    },
  ])('$name', ({ t, taint, want }) => {
    expect(toleratesTaint(t, taint)).toBe(want);
  });
});

describe('matchNoExecute (GetMatchingTolerations + getMinTolerationTime)', () => {
  it.each([
    {
      name: 'admission defaults',
      taints: [unreachable],
      tols: [tol(notReady.key, 300), tol(unreachable.key, 300)],
      want: [true, 300],
    },
    { name: 'not tolerated', taints: [unreachable], tols: [tol(notReady.key, 300)], want: [false, 0] },
    { name: 'no tolerations at all', taints: [unreachable], tols: [], want: [false, 0] },
    {
      name: 'tolerated forever (DaemonSet)',
      taints: [unreachable],
      tols: [tol(unreachable.key)],
      want: [true, -1],
    },
    { name: 'tolerationSeconds 0', taints: [unreachable], tols: [tol(unreachable.key, 0)], want: [true, 0] },
    {
      name: 'negative seconds mean now',
      taints: [unreachable],
      tols: [tol(unreachable.key, -5)],
      want: [true, 0],
    },
    {
      name: 'minimum over taints',
      taints: [unreachable, oos],
      tols: [tol(unreachable.key, 300), tol(oos.key, 60)],
      want: [true, 60],
    },
    {
      name: 'one taint untolerated',
      taints: [unreachable, oos],
      tols: [tol(unreachable.key, 300)],
      want: [false, 0],
    },
    {
      name: 'only the first match counts',
      taints: [unreachable],
      tols: [tol(undefined), tol(unreachable.key, 10)],
      want: [true, -1],
    },
  ])('$name', ({ taints, tols, want }) => {
    const m = matchNoExecute(taints, tols);
    expect([m.allTolerated, m.minSeconds]).toEqual(want);
  });
});
