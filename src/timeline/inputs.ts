// What the scenario builder hands the timeline: arrival streams (a template with its rate turned into a
// mean gap, or trace rows sorted by time) and timed operations, each with the path that declared it.

import type { TimeUs } from '../engine/time.js';
import type { PathSegment } from '../model/errors.js';
import type { PodManifest } from '../model/k8s-schema.js';
import type { JobManifest } from '../model/k8s-workload-schema.js';
import type { TraceRow } from '../workloads/trace.js';
import type { OperationSpec } from '../workloads/workload-specs.js';

interface ArrivalBase {
  readonly name: string;
  readonly namespace: string;
  readonly path: readonly PathSegment[];
}

export type BuiltArrival =
  | (ArrivalBase & {
      readonly kind: 'template';
      readonly process: 'poisson' | 'constant';
      /** Mean gap between arrivals. */
      readonly intervalUs: number;
      readonly startUs: TimeUs;
      readonly endUs: TimeUs;
      readonly count: number;
      readonly template:
        | PodManifest
        | (Omit<JobManifest, 'metadata'> & { metadata: PodManifest['metadata'] });
    })
  | (ArrivalBase & {
      readonly kind: 'trace';
      readonly rows: readonly TraceRow[];
      readonly template: PodManifest | undefined;
      readonly gpuResource: string | undefined;
    });

export interface BuiltOperation {
  readonly spec: OperationSpec;
  readonly path: readonly PathSegment[];
}
