import { describe, expect, it } from 'vitest';
import { parseKubeVersion } from '../model/version.js';
import { AutoscalerConfigError, autoscalerSchema, resolveAutoscalerOptions } from './config.js';

const v = (s: string) => parseKubeVersion(s);
const resolve = (raw: object, k = '1.34') => resolveAutoscalerOptions(autoscalerSchema.parse(raw), v(k));

describe('spec.autoscaler defaults (config/flags/flags.go)', () => {
  it('the flag defaults', () => {
    const o = resolve({});
    expect(o.scanIntervalUs).toBe(10_000_000);
    expect(o.scaleDownUnneededTimeUs).toBe(600_000_000);
    expect(o.scaleDownDelayAfterAddUs).toBe(600_000_000);
    expect(o.scaleDownDelayAfterFailureUs).toBe(180_000_000);
    expect(o.scaleDownUnreadyTimeUs).toBe(1_200_000_000);
    expect(o.scaleDownUtilizationThreshold).toBe(0.5);
    expect(o.maxNodeProvisionTimeUs).toBe(900_000_000);
    expect(o.maxGracefulTerminationSec).toBe(600);
    expect(o.maxScaleDownParallelism).toBe(10);
    expect(o.maxDrainParallelism).toBe(1);
    expect(o.okTotalUnreadyCount).toBe(3);
    expect(o.maxTotalUnreadyPercentage).toBe(45);
    expect(o.maxCoresTotal).toBe(320_000);
    expect(o.maxNodesPerScaleUp).toBe(1000);
    expect(o.expendablePodsPriorityCutoff).toBe(-10);
  });

  it('the expander default: random before CA 1.33, least-waste from 1.33 (PR #7631)', () => {
    expect(resolve({}, '1.32').expanders).toEqual(['random']);
    expect(resolve({}, '1.33').expanders).toEqual(['least-waste']);
    expect(resolve({ version: '1.30' }, '1.34').expanders).toEqual(['random']);
  });

  it('--cordon-node-before-terminating: false before CA 1.34, true from 1.34 (PR #8183)', () => {
    expect(resolve({}, '1.33').cordonNodeBeforeTerminating).toBe(false);
    expect(resolve({}, '1.34').cordonNodeBeforeTerminating).toBe(true);
  });

  it('--max-empty-bulk-delete alone sets the scale-down parallelism (PR #5890)', () => {
    expect(resolve({ maxEmptyBulkDelete: 3 }).maxScaleDownParallelism).toBe(3);
    expect(resolve({ maxEmptyBulkDelete: 3, maxScaleDownParallelism: 7 }).maxScaleDownParallelism).toBe(7);
  });

  it('--cores-total / --memory-total as "<min>:<max>"', () => {
    const o = resolve({ coresTotal: '8:64', memoryTotal: '16:256' });
    expect([o.minCoresTotal, o.maxCoresTotal]).toEqual([8, 64]);
    expect(o.maxMemoryTotalBytes).toBe(256 * 1024 ** 3);
    expect(() => autoscalerSchema.parse({ coresTotal: '64:8' })).toThrow(/min is above max/);
  });

  it('rejects what flags.go rejects', () => {
    expect(() => resolve({ balancingLabel: ['a'], balancingIgnoreLabel: ['b'] })).toThrow(
      AutoscalerConfigError,
    );
    expect(() => resolve({ expander: 'priority' })).toThrow(/needs priorities/);
    expect(() => autoscalerSchema.parse({ expander: 'grpc' })).toThrow(/unknown expander/);
    expect(() => autoscalerSchema.parse({ scaleDownUnneededTim: '1m' })).toThrow();
  });
});
