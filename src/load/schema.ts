// spec.load (the load model) and spec.metricsServer, as zod schemas. A load entry gives one workload
// (Deployment or ReplicaSet, by Kind/name) a demand curve in virtual time and says what serving one unit
// of demand costs a pod; pods then use resources in proportion to their share of the demand. Durations
// become microseconds and quantities milli-values at parse time (cpu millicores, memory bytes).

import { z } from 'zod';
import { durationUs, milliQuantity, quantity } from '../model/fields.js';
import { CurveError, parseDemandTrace } from './curve.js';

const nonNegative = z.number().nonnegative();

const pointSchema = z.strictObject({ at: durationUs(), value: nonNegative });

/** A demand curve: exactly one of its forms. Values are demand units (e.g. requests per second). */
export const curveSchema = z
  .strictObject({
    /** The same demand at all times. */
    constant: nonNegative.optional(),
    /** Piecewise constant: each value holds from its `at` to the next; the first value holds before it. */
    steps: z.array(pointSchema).min(1).optional(),
    /** Piecewise linear between points, flat before the first and after the last. */
    linear: z.array(pointSchema).min(1).optional(),
    /** A daily sine: `min` at peakAt - period/2, `max` at peakAt, repeating every period (24h). */
    daily: z
      .strictObject({
        min: nonNegative,
        max: nonNegative,
        peakAt: durationUs().optional(),
        period: durationUs().optional(),
      })
      .optional(),
    /** A CSV trace with columns time,value (durations or seconds); read from `file` by the loader. */
    trace: z
      .strictObject({
        file: z.string().optional(),
        text: z.string().optional(),
        /** step (default): each value holds until the next row; linear: interpolate between rows. */
        interpolation: z.enum(['step', 'linear']).optional(),
        /** Multiplies the trace's times (0.5 replays twice as fast). */
        timeScale: z.number().positive().optional(),
      })
      .optional(),
  })
  .superRefine((c, ctx) => {
    const forms = ['constant', 'steps', 'linear', 'daily', 'trace'].filter(
      (k) => (c as Record<string, unknown>)[k] !== undefined,
    );
    if (forms.length !== 1)
      ctx.addIssue({
        code: 'custom',
        message: `give exactly one of constant, steps, linear, daily, trace (got ${forms.length === 0 ? 'none' : forms.join(', ')})`,
      });
    for (const k of ['steps', 'linear'] as const) {
      const pts = c[k];
      if (pts === undefined) continue;
      pts.forEach((p, i) => {
        if (i > 0 && p.at <= (pts[i - 1] as { at: number }).at)
          ctx.addIssue({ code: 'custom', message: 'times must increase', path: [k, i, 'at'] });
      });
    }
    if (c.daily !== undefined && c.daily.max < c.daily.min)
      ctx.addIssue({ code: 'custom', message: 'max must be at least min', path: ['daily', 'max'] });
    if (c.daily?.period !== undefined && c.daily.period <= 0)
      ctx.addIssue({ code: 'custom', message: 'expected a positive period', path: ['daily', 'period'] });
    if (c.trace !== undefined && (c.trace.file === undefined) === (c.trace.text === undefined))
      ctx.addIssue({ code: 'custom', message: 'give either file or text', path: ['trace'] });
    else if (c.trace?.text !== undefined) {
      // The loader has read trace.file into text by now; a bad row is reported with its line.
      try {
        parseDemandTrace(c.trace.text, c.trace.timeScale ?? 1);
      } catch (e) {
        if (!(e instanceof CurveError)) throw e;
        ctx.addIssue({
          code: 'custom',
          message: `trace line ${e.line}: ${e.message}`,
          path: ['trace', c.trace.file !== undefined ? 'file' : 'text'],
        });
      }
    }
  });

/** A multiplicative burst on top of the curve: demand x factor during [at, at + for). */
export const spikeSchema = z.strictObject({
  at: durationUs(),
  for: durationUs(),
  factor: nonNegative,
});

const usageSchema = z.strictObject({
  cpu: milliQuantity().optional(),
  memory: quantity().optional(),
});

export const loadEntrySchema = z
  .strictObject({
    /** The workload serving the demand: Deployment/name or ReplicaSet/name (Kind/namespace/name too). */
    workload: z.string().regex(/^(Deployment|ReplicaSet)\/([a-z0-9][-a-z0-9.]*\/)?[a-z0-9][-a-z0-9.]*$/, {
      error: 'expected Deployment/<name> or ReplicaSet/<name> (optionally Kind/<namespace>/<name>)',
    }),
    demand: curveSchema,
    spikes: z.array(spikeSchema).optional(),
    /** What one unit of demand costs the pod serving it. */
    perUnit: usageSchema,
    /** What a running pod uses at zero demand (and while not ready). */
    idle: usageSchema.optional(),
    /** Relative standard deviation of each pod's sampled usage (seeded, per pod and scrape). */
    noise: z.number().min(0).max(1).optional(),
    /** A pod that just became ready takes a linearly growing share of the traffic over this long. */
    warmup: durationUs().optional(),
    /**
     * Name under which the demand is served as a custom metric: per pod (Pods metrics: the pod's share
     * of the demand) and in total (External metrics, labels {workload: <name>} plus `labels`, and Object
     * metrics describing the workload). Default: requests_per_second.
     */
    metricName: z
      .string()
      .regex(/^[a-zA-Z_][a-zA-Z0-9_:.-]*$/, { error: 'expected a metric name such as requests_per_second' })
      .optional(),
    labels: z.record(z.string(), z.string()).optional(),
  })
  .superRefine((e, ctx) => {
    const spikes = [...(e.spikes ?? [])].map((s, i) => ({ ...s, i })).sort((a, b) => a.at - b.at);
    for (let k = 1; k < spikes.length; k++) {
      const prev = spikes[k - 1] as (typeof spikes)[number];
      const cur = spikes[k] as (typeof spikes)[number];
      if (cur.at < prev.at + prev.for)
        ctx.addIssue({
          code: 'custom',
          message: `overlaps spikes[${prev.i}]`,
          path: ['spikes', cur.i, 'at'],
        });
    }
  });

export const loadSchema = z.array(loadEntrySchema);

/** metrics-server flags (cmd/metrics-server/app/options): the scrape period. */
export const metricsServerSchema = z.strictObject({
  /**
   * --metric-resolution: the binary defaults to 60s, the project's deployment manifests
   * (manifests/base/deployment.yaml, components.yaml) and Helm chart set 15s; kubesim defaults to 15s.
   */
  metricResolution: durationUs().optional(),
});

export interface WorkloadRef {
  readonly kind: 'Deployment' | 'ReplicaSet';
  readonly namespace: string;
  readonly name: string;
}

/** Kind/namespace/name */
export function workloadKey(ref: WorkloadRef): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** "Deployment/web" or "Deployment/shop/web" (the first is in namespace default). */
export function parseWorkloadRef(text: string): WorkloadRef {
  const parts = text.split('/');
  const kind = parts[0] as WorkloadRef['kind'];
  return parts.length === 3
    ? { kind, namespace: parts[1] as string, name: parts[2] as string }
    : { kind, namespace: 'default', name: parts[1] as string };
}

export type LoadEntrySpec = z.output<typeof loadEntrySchema>;
export type MetricsServerSpec = z.output<typeof metricsServerSchema>;

/** metrics-server's minimum: --metric-resolution should be at least 10s (options.go Validate). */
export const MIN_METRIC_RESOLUTION_US = 10_000_000;
export const DEFAULT_METRIC_RESOLUTION_US = 15_000_000;
export const DEFAULT_METRIC_NAME = 'requests_per_second';
