// ImageLocality vectors (scheduler.md §4.9), worked out by hand.
import { describe, expect, it } from 'vitest';
import { explain, node, onlyScore, pluginScores, pod, world } from '../../testing/fixtures.js';
import { calculatePriority, normalizedImageName } from './index.js';

const N = 'ImageLocality';
const MiB = 1024 * 1024;

describe('ImageLocality', () => {
  it('scales image sizes by spread and clamps to [23 MiB, 1000 MiB x containers]', () => {
    const sim = world({
      nodes: [
        node('a', {
          images: [
            { names: ['gcr.io/big:v1'], sizeBytes: 300 * MiB },
            { names: ['gcr.io/small:latest'], sizeBytes: 10 * MiB },
          ],
        }),
        node('b', { images: [{ names: ['gcr.io/big:v1'], sizeBytes: 300 * MiB }] }),
        node('c'),
      ],
      scheduler: onlyScore(N),
    });
    // a: 300Mi x 2/3 + 10Mi x 1/3 = 213210453 -> 100 x (213210453 - 23Mi) / (2000Mi - 23Mi) = 9; b: 200Mi -> 8.
    const p = pod('p', { requests: [{}, {}], images: ['gcr.io/big:v1', 'gcr.io/small'] });
    expect(pluginScores(explain(sim, p), N)).toEqual({ a: [9, 9], b: [8, 8], c: [0, 0] });
  });

  it('counts a node once for an image name it lists twice (upstream keeps a set of nodes per name)', () => {
    const sim = world({
      nodes: [node('a', { images: [{ names: ['app:v1', 'app:v1'], sizeBytes: 500 * MiB }] }), node('b')],
      scheduler: onlyScore(N),
    });
    // spread 1/2 -> 250Mi -> 100 x (250Mi - 23Mi) / (1000Mi - 23Mi) = 23 (48 if the duplicate counted twice).
    const p = pod('p', { images: ['app:v1'] });
    expect(pluginScores(explain(sim, p), N)).toEqual({ a: [23, 23], b: [0, 0] });
  });

  it.each([
    ['nginx', 'nginx:latest'],
    ['nginx:1.27', 'nginx:1.27'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['localhost:5000/app:v2', 'localhost:5000/app:v2'],
  ])('normalizedImageName(%s) = %s', (input, want) => {
    expect(normalizedImageName(input)).toBe(want);
  });

  it.each([
    [0, 1, 0],
    [23 * MiB, 1, 0],
    [1000 * MiB, 1, 100],
    [2000 * MiB, 1, 100],
    [511 * MiB, 1, 49],
  ])('calculatePriority(%i, %i) = %i', (sum, n, want) => {
    expect(calculatePriority(sum, n)).toBe(want);
  });
});
