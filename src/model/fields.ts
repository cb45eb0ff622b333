// Reusable zod field types for scenario files: durations and Kubernetes quantities become integers
// (microseconds, millicores, bytes) at parse time, so nothing downstream ever sees a unit string.

import { z } from 'zod';
import { formatDuration, parseDurationUs, parseStrictDurationUs } from '../engine/time.js';
import { parseMilliQuantity, parseQuantity } from './quantity.js';

function converting<T>(convert: (v: string | number) => T, what: string) {
  return z
    .union([z.string(), z.number()], {
      error: (issue) =>
        issue.input === undefined ? `required field is missing (expected ${what})` : `expected ${what}`,
    })
    .transform((v, ctx) => {
      try {
        return convert(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
        return z.NEVER;
      }
    });
}

/** A kubesim time field: a Go duration ("1m30s", "200ms") or bare seconds, as integer microseconds. */
export const durationUs = () => converting(parseDurationUs, 'a duration such as "40s" or "1m30s"');

/** An upstream metav1.Duration field (KubeletConfiguration, controller-manager flags): a Go duration string. */
export const strictDurationUs = () =>
  converting(parseStrictDurationUs, 'a duration string such as "10s" or "1m30s"');

/**
 * The shortest period kubesim runs a periodic loop at (kubelet status and lease loops, the node monitor,
 * metrics sampling). Upstream sets no lower bound for these (and reads 0 as "use the default"); in a
 * simulation a period of 0 or a few microseconds only spins, so kubesim refuses it.
 */
export const MIN_PERIOD_US = 100_000;

/** A loop period of at least MIN_PERIOD_US; `dflt` names the default in the message. */
export function periodUs(schema: ReturnType<typeof durationUs>, dflt: string) {
  return schema.refine((us) => us >= MIN_PERIOD_US, {
    error: (issue) =>
      `must be at least ${formatDuration(MIN_PERIOD_US)}, got ${formatDuration(issue.input as number)} (a shorter loop period only spins the simulation; omit the field for the default ${dflt})`,
  });
}

/** A quantity as Quantity.MilliValue() (cpu in millicores). */
export const milliQuantity = () =>
  converting(parseMilliQuantity, 'a Kubernetes quantity such as "500m" or "2"');

/** A quantity as Quantity.Value() (bytes, counts). */
export const quantity = () => converting(parseQuantity, 'a Kubernetes quantity such as "1Gi" or "110"');

/** Kubernetes label/annotation maps: string values only. */
export const stringMap = () =>
  z.record(z.string(), z.string({ error: 'expected a string value (quote numbers and booleans)' }));

export const k8sName = () =>
  z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, {
      error:
        'expected a lowercase DNS name (a-z, 0-9, "-" and ".", starting and ending with a letter or digit)',
    })
    .max(253);

export const positiveInt = () => z.number().int().positive();
export const nonNegativeInt = () => z.number().int().nonnegative();

/** A target is named once: `node` or `nodes`, not both (which one would win is a guess). */
export function refuseNodeAndNodes(v: { node?: unknown; nodes?: unknown }, ctx: z.RefinementCtx): void {
  if (v.node !== undefined && v.nodes !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['nodes'], message: 'give either node or nodes, not both' });
  }
}
