// Sweep grids: --seeds and --set parsing, and cell numbering (profiles outermost, seeds innermost).

import { describe, expect, it } from 'vitest';
import { allCells, cellAt, cellCount, formatSeeds, parseSeeds, parseSetList, splitTopLevel } from './grid.js';

describe('sweep grid', () => {
  it.each([
    ['1..5', [1, 2, 3, 4, 5]],
    ['3', [3]],
    ['1,2,5', [1, 2, 5]],
    ['1..3,7,10..12', [1, 2, 3, 7, 10, 11, 12]],
  ])('parses --seeds %s', (text, want) => {
    expect(parseSeeds(text)).toEqual(want);
    expect(parseSeeds(formatSeeds(want))).toEqual(want);
  });

  it.each([['a'], ['5..1'], ['1,1'], ['1..'], ['1..2000000']])('rejects --seeds %s', (text) => {
    expect(() => parseSeeds(text)).toThrow(/--seeds/);
  });

  it('formats seed lists compactly', () => {
    expect(formatSeeds([1, 2, 3, 7, 8, 10])).toBe('1..3,7,8,10');
  });

  it('splits --set lists on top-level commas only', () => {
    expect(parseSetList('spec.cluster.nodePools[0].count=10,20,40')).toEqual({
      path: 'spec.cluster.nodePools[0].count',
      values: ['10', '20', '40'],
    });
    expect(splitTopLevel('[zone-a,zone-b],[zone-c],"x,y",{a: 1, b: 2}')).toEqual([
      '[zone-a,zone-b]',
      '[zone-c]',
      '"x,y"',
      '{a: 1, b: 2}',
    ]);
    expect(() => parseSetList('spec.duration')).toThrow(/expected path=v1,v2/);
    expect(() => parseSetList('spec.duration=1m,,2m')).toThrow(/empty value/);
  });

  it('numbers cells with profiles outermost and seeds innermost', () => {
    const g = {
      seeds: [1, 2],
      sets: [{ path: 'spec.duration', values: ['1m', '2m', '3m'] }],
      profiles: ['default-scheduler', 'bin-packing'],
    };
    expect(cellCount(g)).toBe(12);
    expect(cellAt(g, 0)).toEqual({
      index: 0,
      profile: 'default-scheduler',
      sets: [['spec.duration', '1m']],
      seed: 1,
    });
    expect(cellAt(g, 1)).toMatchObject({ sets: [['spec.duration', '1m']], seed: 2 });
    expect(cellAt(g, 2)).toMatchObject({ sets: [['spec.duration', '2m']], seed: 1 });
    expect(cellAt(g, 11)).toEqual({
      index: 11,
      profile: 'bin-packing',
      sets: [['spec.duration', '3m']],
      seed: 2,
    });
    const keys = allCells(g).map((c) => JSON.stringify([c.profile, c.sets, c.seed]));
    expect(new Set(keys).size).toBe(12);
    expect(() => cellAt(g, 12)).toThrow(/outside the grid \(cells 0\.\.11\)/);
  });

  it('a grid without dimensions is one cell with the scenario seed', () => {
    expect(allCells({ seeds: null, sets: [], profiles: [] })).toEqual([
      { index: 0, profile: null, sets: [], seed: null },
    ]);
  });
});
