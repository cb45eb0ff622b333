// The LimitRanger end to end through the CLI (test/fixtures/limitrange-admission.yaml): a pod the
// LimitRange refuses is an events.csv row and the run goes on (FailedCreate from the ReplicaSet
// controller, OperationFailed for an applied Pod), defaults reach the scheduler's requests; a Pod written
// in the scenario itself that the API server would refuse is refused at load with its path (exit 2).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubesim } from '../helpers/cli.js';

const FIXTURE = resolve('test/fixtures/limitrange-admission.yaml');

describe('LimitRanger admission through kubesim run', () => {
  it('refused pods are event rows; defaulted pods run with the defaults as requests', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kubesim-lr-')), 'run');
    const r = await kubesim(['run', FIXTURE, '--out', out, '--quiet']);
    expect([r.code, r.err]).toEqual([0, '']);
    const events = readFileSync(join(out, 'events.csv'), 'utf8').trim().split('\n');
    const refused = events.filter((l) => l.includes(',Workload,FailedCreate,ReplicaSet/default/too-big-'));
    expect(refused.length).toBeGreaterThan(5);
    for (const l of refused)
      expect(l).toMatch(
        /"Error creating: pods ""too-big-[0-9a-f]+-[a-z0-9]{5}"" is forbidden: maximum cpu usage per Container is 500m, but request is 1"$/,
      );
    expect(events).toContain(
      '30.000000,Workload,OperationFailed,Pod/default/solo,,,"pods ""solo"" is forbidden: maximum cpu usage per Container is 500m, but limit is 2"',
    );
    const pods = readFileSync(join(out, 'pods.csv'), 'utf8').trim().split('\n').slice(1);
    expect(pods.map((l) => l.split(',')[1])).toEqual([
      'ReplicaSet/plain-58889985f7',
      'ReplicaSet/plain-58889985f7',
    ]);
    // Two pods at the default request (200m, 128Mi) on 2 x (4 cpu, 16Gi).
    const ts = readFileSync(join(out, 'timeseries.csv'), 'utf8').trim().split('\n');
    const head = (ts[0] as string).split(',');
    const last = (ts.at(-1) as string).split(',');
    expect(last[head.indexOf('cpu_requested_ratio')]).toBe('0.050000');
    expect(last[head.indexOf('memory_requested_ratio')]).toBe('0.007813');
  });

  it('a Pod of the scenario itself over the max is refused at load, with its path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-lr-'));
    const file = join(dir, 'pod.yaml');
    const text = readFileSync(FIXTURE, 'utf8').replace(
      '  operations:',
      [
        '    - apiVersion: v1',
        '      kind: Pod',
        '      metadata: {name: static}',
        '      spec:',
        '        containers: [{name: c, image: "s:1", resources: {requests: {cpu: "1"}}}]',
        '  operations:',
      ].join('\n'),
    );
    writeFileSync(file, text);
    const r = await kubesim(['run', file, '--out', join(dir, 'out'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('spec.workloads[3].spec');
    expect(r.err).toContain(
      'pods "static" is forbidden: maximum cpu usage per Container is 500m, but request is 1',
    );
  });

  it('a LimitRange the API server would refuse is refused at load, with its message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-lr-'));
    const file = join(dir, 'lr.yaml');
    writeFileSync(file, readFileSync(FIXTURE, 'utf8').replace('max: {cpu: 500m}', 'max: {cpu: 250m}'));
    const r = await kubesim(['run', file, '--out', join(dir, 'out'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'spec.workloads[0].spec.limits[0].default.cpu: Invalid value: 250m: default value 300m is greater than max value 250m',
    );
  });
});
