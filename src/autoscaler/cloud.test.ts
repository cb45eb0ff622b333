import { describe, expect, it } from 'vitest';
import { RngRoot } from '../engine/rng.js';
import { CloudProvider } from './cloud.js';
import { cloudProviderSchema, drawDelayUs, resolveCloudProvider } from './cloud-config.js';

const MIN = 60_000_000;
const cloudFrom = (raw: object, seed = 1) =>
  new CloudProvider(resolveCloudProvider(cloudProviderSchema.parse(raw)), new RngRoot(seed).stream('c'));
const group = (id: string, zone: string) => ({
  id,
  zone,
  minSize: 0,
  maxSize: 100,
  instanceName: (i: number) => `${id}-${i}`,
});

describe('the simulated cloud provider', () => {
  it('default provisioning delay: uniform 3-4 min (FAQ.md, GCE)', () => {
    const c = cloudFrom({});
    c.addGroup(group('a', 'z1'), []);
    for (const i of c.increaseSize('a', 50, 0)) {
      expect(i.registerAtUs).toBeGreaterThanOrEqual(3 * MIN);
      expect(i.registerAtUs).toBeLessThanOrEqual(4 * MIN);
    }
    expect(c.targetSize('a')).toBe(50);
  });

  it('the same seed draws the same delays; another seed others', () => {
    const draw = (seed: number) => {
      const c = cloudFrom(
        { provisioningDelay: { distribution: 'lognormal', median: '90s', sigma: 0.3 } },
        seed,
      );
      c.addGroup(group('a', 'z1'), []);
      return c.increaseSize('a', 5, 0).map((i) => i.registerAtUs);
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('a fixed delay, and min/max clamping of an unbounded distribution', () => {
    expect(drawDelayUs({ distribution: 'fixed', valueUs: 5 }, () => 0.3)).toBe(5);
    const d = { distribution: 'exponential', meanUs: 100, minUs: 10, maxUs: 150 } as const;
    expect(drawDelayUs(d, () => 0.999999)).toBe(150);
    expect(drawDelayUs(d, () => 0)).toBe(10);
  });

  it('a stock-out in one zone: instances there get an OutOfResources creation error, others register', () => {
    const c = cloudFrom({ failures: [{ zone: 'z1', from: '1m', until: '10m' }] });
    c.addGroup(group('a', 'z1'), []);
    c.addGroup(group('b', 'z2'), []);
    const before = c.increaseSize('a', 1, 0)[0];
    expect(before?.error).toBeNull();
    const [failed] = c.increaseSize('a', 1, 2 * MIN);
    expect(failed?.error).toEqual({ errorClass: 'OutOfResources', errorCode: 'RESOURCE_POOL_EXHAUSTED' });
    expect(failed?.registerAtUs).toBeNull();
    expect(c.increaseSize('b', 1, 2 * MIN)[0]?.error).toBeNull();
    expect(c.increaseSize('a', 1, 10 * MIN)[0]?.error).toBeNull();
  });

  it('never-registers: the instance runs but its Node never appears', () => {
    const c = cloudFrom({ failures: [{ nodeGroup: 'a', mode: 'never-registers' }] });
    c.addGroup(group('a', 'z1'), []);
    const [i] = c.increaseSize('a', 1, 0);
    expect([i?.state, i?.registerAtUs, i?.error]).toEqual(['running', null, null]);
  });

  it('IncreaseSize above max fails; DeleteNodes at min size fails', () => {
    const c = cloudFrom({});
    c.addGroup({ ...group('a', 'z1'), minSize: 1, maxSize: 2 }, ['a-0']);
    expect(() => c.increaseSize('a', 2, 0)).toThrow(/too large/);
    expect(() => c.deleteNodes('a', ['a-0'], 0)).toThrow(/min size/);
  });
});
