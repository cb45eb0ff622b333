// The Indexed Job manifest: pod arguments carry the whole grid; ConfigMap keys map back to paths.

import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { cellArgs, configMapKeys, indexedJobManifest, type JobOptions } from './job.js';

const OPTS: JobOptions = {
  jobName: 'kubesim-sweep-x',
  image: 'kubesim:0.1.0',
  parallelism: 50,
  pvc: 'results',
  scenarioName: 'x.yaml',
  files: [
    { path: 'x.yaml', text: 'kind: Scenario\n' },
    { path: 'inc/nodes v2.yaml', text: 'kind: List\n' },
  ],
  grid: {
    seeds: [1, 2, 3, 5],
    sets: [{ path: 'spec.duration', values: ['1m', '2m'] }],
    profiles: ['a', 'b'],
  },
  cells: 16,
};

describe('indexedJobManifest', () => {
  it('carries every grid dimension into the pod arguments', () => {
    expect(cellArgs(OPTS)).toEqual([
      'sweep',
      '/scenarios/x.yaml',
      '--seeds',
      '1..3,5',
      '--set',
      'spec.duration=1m,2m',
      '--profile',
      'a',
      '--profile',
      'b',
      '--cell',
      '$(KUBESIM_CELL)',
      '--out',
      '/results/kubesim-sweep-x',
    ]);
  });

  it('caps parallelism at the number of cells and maps ConfigMap keys back to paths', () => {
    const [, cm, job] = parseAllDocuments(indexedJobManifest(OPTS)).map((d) =>
      'toJS' in d ? d.toJS() : null,
    );
    expect(job.spec.parallelism).toBe(16);
    expect(Object.keys(cm.data)).toEqual(['x.yaml', 'inc_nodes_v2.yaml']);
    expect(job.spec.template.spec.volumes[0].configMap.items).toEqual([
      { key: 'x.yaml', path: 'x.yaml' },
      { key: 'inc_nodes_v2.yaml', path: 'inc/nodes v2.yaml' },
    ]);
    expect(indexedJobManifest(OPTS)).not.toMatch(/[&*]a\d/); // no YAML anchors
  });

  it('keeps ConfigMap keys unique when two paths sanitise alike', () => {
    expect(configMapKeys(['a/b.yaml', 'a_b.yaml', 'a b.yaml', '..'])).toEqual([
      'a_b.yaml',
      'a_b.yaml-2',
      'a_b.yaml-3',
      '_',
    ]);
  });

  it("the merge Job waits for exactly the grid's cell files, then merges and prints sweep.csv", () => {
    const objs = parseAllDocuments(indexedJobManifest(OPTS)).map((d) => d.toJS());
    const merge = objs[3];
    expect(merge.metadata.name).toBe('kubesim-sweep-x-merge');
    expect(merge.spec.template.spec.initContainers[0].command[2]).toContain('-ge 16 ]');
    expect(merge.spec.template.spec.containers[0].args).toEqual([
      'sweep',
      '--merge',
      '/results/kubesim-sweep-x',
      '--print',
    ]);
    expect(objs[0]).toMatchObject({
      kind: 'PersistentVolumeClaim',
      spec: { accessModes: ['ReadWriteMany'] },
    });
    expect(parseAllDocuments(indexedJobManifest({ ...OPTS, createPvc: false })).length).toBe(3);
  });
});
