// `kubesim sweep --emit-job`: the same grid as Kubernetes objects that run as emitted (pure: options in,
// YAML out), in apply order:
//
// 1. a PersistentVolumeClaim (ReadWriteMany) for the results, unless the claim already exists;
// 2. a ConfigMap carrying every file the scenario reads (the scenario, its includes, trace CSVs, profile
//    files), mounted at /scenarios with its folder layout (items map keys back to paths);
// 3. the sweep Job (batch/v1, completionMode Indexed), one pod per cell: the index comes from the
//    batch.kubernetes.io/job-completion-index annotation (downward API, KUBESIM_CELL) and the pod runs
//    `kubesim sweep ... --cell $(KUBESIM_CELL)`, writing /results/<job>/cells/cell-NNNNN.json;
// 4. the merge Job: its init container waits until every cell file is on the claim, then
//    `kubesim sweep --merge /results/<job> --print` writes sweep.csv there and prints it, so
//    `kubectl logs job/<job>-merge` is the sweep.csv.

import { stringify } from 'yaml';
import { cellFileName } from './cell-files.js';
import { formatSeeds, type GridSpec } from './grid.js';

export interface JobOptions {
  readonly jobName: string;
  readonly image: string;
  readonly parallelism: number;
  readonly pvc: string;
  /** Emit the PersistentVolumeClaim (false: the claim exists already). */
  readonly createPvc?: boolean;
  /** Requested size of the claim, e.g. 1Gi. */
  readonly pvcSize?: string;
  readonly storageClass?: string;
  /** The scenario file name inside the ConfigMap. */
  readonly scenarioName: string;
  /** Every file to ship, paths relative to the scenario's folder (the scenario first). */
  readonly files: ReadonlyArray<{ readonly path: string; readonly text: string }>;
  /** The grid as the pods run it (profile files already pointing into /scenarios). */
  readonly grid: GridSpec;
  readonly cells: number;
}

const LABELS = { 'app.kubernetes.io/name': 'kubesim', 'app.kubernetes.io/component': 'sweep' };
const MERGE_LABELS = { ...LABELS, 'app.kubernetes.io/component': 'sweep-merge' };

/** Where the ConfigMap is mounted, and where results go on the claim. */
export const SCENARIO_MOUNT = '/scenarios';
export const RESULTS_MOUNT = '/results';

/** The API server's limit on a ConfigMap's data (core.MaxSecretSize, validation.go ValidateConfigMap). */
export const CONFIGMAP_MAX_BYTES = 1024 * 1024;

/** The container arguments: the sweep command line with --cell taken from the pod's index. */
export function cellArgs(o: JobOptions): string[] {
  const g = o.grid;
  return [
    'sweep',
    `${SCENARIO_MOUNT}/${o.scenarioName}`,
    ...(g.seeds ? ['--seeds', formatSeeds(g.seeds)] : []),
    ...g.sets.flatMap((s) => ['--set', `${s.path}=${s.values.join(',')}`]),
    ...g.profiles.flatMap((p) => ['--profile', p]),
    '--cell',
    '$(KUBESIM_CELL)',
    '--out',
    `${RESULTS_MOUNT}/${o.jobName}`,
  ];
}

/**
 * ConfigMap keys allow only [-._a-zA-Z0-9] (IsConfigMapKey); items map each key back to its relative
 * path. Two paths that sanitise alike get -2, -3, ... so no file is lost.
 */
export function configMapKeys(paths: readonly string[]): string[] {
  const used = new Set<string>();
  return paths.map((path) => {
    const base = path.replace(/[^-._a-zA-Z0-9]/g, '_').replace(/^\.+$/, '_');
    let key = base;
    for (let n = 2; used.has(key); n++) key = `${base}-${n}`;
    used.add(key);
    return key;
  });
}

/** Bytes of a ConfigMap's data as the API server counts them (the values' UTF-8 lengths). */
export function configMapBytes(files: JobOptions['files']): number {
  return files.reduce((a, f) => a + Buffer.byteLength(f.text, 'utf8'), 0);
}

function resultsVolume(o: JobOptions) {
  return { name: 'results', persistentVolumeClaim: { claimName: o.pvc } };
}

/** One pod per cell: its index from the downward API, the scenario from the ConfigMap, results to the claim. */
function cellPodSpec(o: JobOptions, configMapName: string, keys: readonly string[]) {
  return {
    restartPolicy: 'Never',
    containers: [
      {
        name: 'kubesim',
        image: o.image,
        args: cellArgs(o),
        env: [
          {
            name: 'KUBESIM_CELL',
            valueFrom: {
              fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" },
            },
          },
        ],
        resources: { requests: { cpu: '1', memory: '2Gi' } },
        volumeMounts: [
          { name: 'scenario', mountPath: SCENARIO_MOUNT, readOnly: true },
          { name: 'results', mountPath: RESULTS_MOUNT },
        ],
      },
    ],
    volumes: [
      {
        name: 'scenario',
        configMap: { name: configMapName, items: o.files.map((f, i) => ({ key: keys[i], path: f.path })) },
      },
      resultsVolume(o),
    ],
  };
}

/** The shell loop of the merge Job's init container: wait until every cell file is on the claim. */
export function waitForCellsScript(o: JobOptions): string {
  const dir = `${RESULTS_MOUNT}/${o.jobName}/cells`;
  const last = cellFileName(o.cells - 1);
  return [
    `until [ "$(ls ${dir} 2>/dev/null | grep -c '^cell-[0-9]*\\.json$')" -ge ${o.cells} ]; do`,
    `  echo "waiting for ${o.cells} cell files (cell-00000.json .. ${last}) in ${dir}"; sleep 15;`,
    'done',
  ].join('\n');
}

function mergeJob(o: JobOptions) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `${o.jobName}-merge`.slice(0, 63), labels: MERGE_LABELS },
    spec: {
      backoffLimit: 2,
      // A sweep whose cells never all succeed would otherwise keep this pod waiting for ever.
      activeDeadlineSeconds: 7 * 24 * 3600,
      template: {
        metadata: { labels: MERGE_LABELS },
        spec: {
          restartPolicy: 'OnFailure',
          initContainers: [
            {
              name: 'wait-for-cells',
              image: o.image,
              command: ['sh', '-c', waitForCellsScript(o)],
              volumeMounts: [{ name: 'results', mountPath: RESULTS_MOUNT, readOnly: true }],
            },
          ],
          containers: [
            {
              name: 'merge',
              image: o.image,
              args: ['sweep', '--merge', `${RESULTS_MOUNT}/${o.jobName}`, '--print'],
              volumeMounts: [{ name: 'results', mountPath: RESULTS_MOUNT }],
            },
          ],
          volumes: [resultsVolume(o)],
        },
      },
    },
  };
}

/** The objects in apply order: [PVC], ConfigMap, sweep Job, merge Job. */
export function jobObjects(o: JobOptions): object[] {
  const keys = configMapKeys(o.files.map((f) => f.path));
  const pvc = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: o.pvc, labels: LABELS },
    spec: {
      accessModes: ['ReadWriteMany'],
      ...(o.storageClass !== undefined ? { storageClassName: o.storageClass } : {}),
      resources: { requests: { storage: o.pvcSize ?? '1Gi' } },
    },
  };
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${o.jobName}-scenario`.slice(0, 253), labels: LABELS },
    data: Object.fromEntries(o.files.map((f, i) => [keys[i], f.text])),
  };
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: o.jobName, labels: LABELS },
    spec: {
      completionMode: 'Indexed',
      completions: o.cells,
      parallelism: Math.max(1, Math.min(o.parallelism, o.cells)),
      backoffLimitPerIndex: 2,
      template: { metadata: { labels: LABELS }, spec: cellPodSpec(o, configMap.metadata.name, keys) },
    },
  };
  return [...(o.createPvc === false ? [] : [pvc]), configMap, job, mergeJob(o)];
}

export function indexedJobManifest(o: JobOptions): string {
  const head = [
    `# kubesim sweep of ${o.scenarioName}: ${o.cells} cells as an Indexed Job (one pod per cell), then a merge Job.`,
    `# Needs: the image ${o.image} (build it from the repository's Dockerfile, README "Sweeps") and a`,
    `# ReadWriteMany storage class for the claim "${o.pvc}"${o.createPvc === false ? ' (not emitted: it exists)' : ''}.`,
    '# backoffLimitPerIndex needs Kubernetes 1.29 or later; on older clusters replace it by backoffLimit.',
    `# Run:    kubectl apply -f <this file> && kubectl wait --for=condition=complete job/${o.jobName}-merge --timeout=24h`,
    `# Result: kubectl logs job/${o.jobName}-merge > sweep.csv   (also ${RESULTS_MOUNT}/${o.jobName}/sweep.csv on the claim)`,
  ].join('\n');
  const docs = jobObjects(o).map((obj) => stringify(obj, { lineWidth: 0, aliasDuplicateObjects: false }));
  return `${head}\n${docs.join('---\n')}`;
}
