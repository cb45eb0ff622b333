// Pod lifecycle stages (KWOK Stage, kwok.x-k8s.io/v1alpha1): at each point of a pod's life the kubelet
// model asks which stage applies, waits that stage's delay and applies its next phase. User stages
// (spec.stages) form the first tier and the built-in defaults the second: the first tier with a
// matching stage decides, choosing among its matches by weight. Each stage draws its delays and
// outcomes from its own random stream (lifecycle/<name>), so adding a stage never shifts another's draws.
//
// Defaults (DEFAULT_STAGES), chosen so that pod start-up on an idle cluster stays well inside the
// upstream SLO (p99 <= 5 s from creation to running, excluding image pulls; sig-scalability slos.md):
// - pod-start: Scheduled -> Running after lognormal(median 1 s, sigma 0.35, max 10 s): sandbox
//   creation plus container start, p99 ~ 2.3 s.
// - job-complete: Running -> Succeeded at once for pods owned by a Job (KWOK's pod-complete stage);
//   give Job pods a run time with your own stage.
// - run-duration: Running -> Succeeded after the duration in the kubesim.io/run-duration annotation
//   (set by trace replay), like KWOK's durationFrom.
// - pod-delete: Terminating -> removed after lognormal(median 1 s, sigma 0.5), never longer than the
//   pod's terminationGracePeriodSeconds (the kubelet kills the containers then).

import type { Rng } from '../engine/rng.js';
import { parseDurationUs, type TimeUs } from '../engine/time.js';
import type { RngStreams } from '../kernel/kernel.js';
import type { Pod } from '../model/types.js';
import { matchesSelector } from '../workloads/labels.js';
import type { DelaySpec, StageSpec } from './schema.js';

export type StagePoint = StageSpec['on'];

export const RunDurationAnnotation = 'kubesim.io/run-duration';

export const DEFAULT_STAGES: readonly StageSpec[] = [
  {
    name: 'pod-start',
    on: 'Scheduled',
    delay: { distribution: 'lognormal', median: 1_000_000, sigma: 0.35, max: 10_000_000 },
    next: { phase: 'Running' },
  },
  {
    name: 'job-complete',
    on: 'Running',
    selector: { ownerKinds: ['Job'] },
    delay: { distribution: 'constant', value: 0 },
    next: { phase: 'Succeeded' },
  },
  {
    name: 'run-duration',
    on: 'Running',
    selector: { matchAnnotations: { [RunDurationAnnotation]: '' } },
    delay: { distribution: 'fromAnnotation', annotation: RunDurationAnnotation },
    next: { phase: 'Succeeded' },
  },
  {
    name: 'pod-delete',
    on: 'Terminating',
    delay: { distribution: 'lognormal', median: 1_000_000, sigma: 0.5 },
  },
];

export interface StageOutcome {
  readonly stage: CompiledStage;
  readonly delayUs: TimeUs;
  /** Running, Succeeded or Failed; null for Terminating stages. */
  readonly phase: 'Running' | 'Succeeded' | 'Failed' | null;
  readonly reason: string;
}

export class CompiledStage {
  readonly weight: number;
  /** failProbability as an integer threshold on a 32-bit draw. */
  private readonly failThreshold: number;

  constructor(
    readonly spec: StageSpec,
    private readonly rng: Rng,
  ) {
    this.weight = spec.weight ?? 1;
    this.failThreshold = Math.round((spec.next?.failProbability ?? 0) * 2 ** 32);
  }

  get name(): string {
    return this.spec.name;
  }

  matches(pod: Pod): boolean {
    const sel = this.spec.selector;
    if (sel === undefined) return true;
    if (sel.namespaces && !sel.namespaces.includes(pod.namespace)) return false;
    if (sel.ownerKinds && !sel.ownerKinds.includes((pod.owner?.kind ?? '') as never)) return false;
    if (sel.restartPolicies && !sel.restartPolicies.includes(pod.spec.restartPolicy)) return false;
    for (const key in sel.matchAnnotations ?? {}) {
      const want = sel.matchAnnotations?.[key] as string;
      const have = pod.annotations[key];
      if (have === undefined || (want !== '' && have !== want)) return false;
    }
    return matchesSelector(pod.labels, sel);
  }

  draw(pod: Pod): StageOutcome {
    const delayUs = Math.max(0, Math.round(sampleDelayUs(this.spec.delay, this.rng, pod)));
    let phase: StageOutcome['phase'] = null;
    if (this.spec.on !== 'Terminating') {
      phase = this.spec.next?.phase ?? (this.spec.on === 'Scheduled' ? 'Running' : 'Succeeded');
      if (this.failThreshold > 0 && this.rng.nextU32() < this.failThreshold) phase = 'Failed';
    }
    const reason = phase === 'Failed' ? (this.spec.next?.reason ?? 'Error') : '';
    return { stage: this, delayUs, phase, reason };
  }
}

function clamp(x: number, d: { min?: number | undefined; max?: number | undefined }): number {
  if (d.min !== undefined && x < d.min) return d.min;
  if (d.max !== undefined && x > d.max) return d.max;
  return x;
}

/** Standard normal draw (Box-Muller, one value per two uniforms, so the stream stays simple). */
function gaussian(rng: Rng): number {
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

export function sampleDelayUs(d: DelaySpec, rng: Rng, pod: Pod): number {
  switch (d.distribution) {
    case 'constant':
      return d.value;
    case 'uniform':
      return d.min + rng.next() * (d.max - d.min);
    case 'exponential':
      return clamp(-Math.log(1 - rng.next()) * d.mean, d);
    case 'normal':
      return clamp(Math.max(0, d.mean + gaussian(rng) * d.stddev), d);
    case 'lognormal':
      return clamp(d.median * Math.exp(d.sigma * gaussian(rng)), d);
    case 'fromAnnotation': {
      const text = pod.annotations[d.annotation];
      if (text === undefined) return d.default ?? 0;
      try {
        return parseDurationUs(text);
      } catch {
        return d.default ?? 0;
      }
    }
  }
}

/** The stages of one run, compiled per lifecycle point and tier. */
export class StageSet {
  private readonly tiers: Record<StagePoint, CompiledStage[][]>;
  private readonly pick: Rng;

  constructor(user: readonly StageSpec[], rng: RngStreams, defaults: readonly StageSpec[] = DEFAULT_STAGES) {
    const compile = (list: readonly StageSpec[]) =>
      list.map((s) => new CompiledStage(s, rng.stream(`lifecycle/${s.name}`)));
    const userNames = new Set(user.map((s) => s.name));
    const tiers = [compile(user), compile(defaults.filter((s) => !userNames.has(s.name)))];
    this.tiers = { Scheduled: [], Running: [], Terminating: [] };
    for (const point of ['Scheduled', 'Running', 'Terminating'] as const) {
      this.tiers[point] = tiers.map((t) => t.filter((s) => s.spec.on === point));
    }
    this.pick = rng.stream('lifecycle/select');
  }

  /** The stage that applies to `pod` at `point`, drawn; null if none matches (the pod stays as it is). */
  next(point: StagePoint, pod: Pod): StageOutcome | null {
    for (const tier of this.tiers[point]) {
      let total = 0;
      let only: CompiledStage | null = null;
      let count = 0;
      for (const s of tier) {
        if (!s.matches(pod)) continue;
        total += s.weight;
        only = s;
        count++;
      }
      if (count === 0) continue;
      if (count === 1 || total === 0) return (only as CompiledStage).draw(pod);
      let x = this.pick.next() * total;
      for (const s of tier) {
        if (!s.matches(pod)) continue;
        x -= s.weight;
        if (x < 0) return s.draw(pod);
      }
      return (only as CompiledStage).draw(pod);
    }
    return null;
  }
}
