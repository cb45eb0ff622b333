// spec.scheduler: a KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1, field names verbatim) plus
// kubesim's timing model and tie-break (documented as kubesim extensions in the README). Plugin names and
// args are checked against the plugin registry when the scenario is built (profile.ts), so the error can
// name the exact path, e.g. spec.scheduler.profiles[0].pluginConfig[1].args.scoringStrategy.type.

import { z } from 'zod';
import { durationUs } from '../model/fields.js';

const pluginRef = z.strictObject({
  name: z.string().min(1),
  weight: z.number().int().min(0).max(100).optional(),
});

const pluginSet = z.strictObject({
  enabled: z.array(pluginRef).optional(),
  disabled: z.array(z.strictObject({ name: z.string().min(1) })).optional(),
});

export const EXTENSION_POINTS = [
  'preEnqueue',
  'queueSort',
  'preFilter',
  'filter',
  'postFilter',
  'preScore',
  'score',
  'reserve',
  'permit',
  'preBind',
  'bind',
  'postBind',
] as const;

const pluginsSchema = z.strictObject({
  multiPoint: pluginSet.optional(),
  preEnqueue: pluginSet.optional(),
  queueSort: pluginSet.optional(),
  preFilter: pluginSet.optional(),
  filter: pluginSet.optional(),
  postFilter: pluginSet.optional(),
  preScore: pluginSet.optional(),
  score: pluginSet.optional(),
  reserve: pluginSet.optional(),
  permit: pluginSet.optional(),
  preBind: pluginSet.optional(),
  bind: pluginSet.optional(),
  postBind: pluginSet.optional(),
});

export const profileSchema = z.strictObject({
  schedulerName: z.string().min(1).optional(),
  /** kubesim: start from a built-in preset (default, bin-packing, spread, first-fit). */
  preset: z.string().min(1).optional(),
  percentageOfNodesToScore: z.number().int().min(0).max(100).optional(),
  plugins: pluginsSchema.optional(),
  pluginConfig: z.array(z.strictObject({ name: z.string().min(1), args: z.unknown().optional() })).optional(),
});

export const schedulerSchema = z.strictObject({
  apiVersion: z.literal('kubescheduler.config.k8s.io/v1').optional(),
  kind: z.literal('KubeSchedulerConfiguration').optional(),
  percentageOfNodesToScore: z.number().int().min(0).max(100).optional(),
  podInitialBackoffSeconds: z.number().int().positive().optional(),
  podMaxBackoffSeconds: z.number().int().positive().optional(),
  parallelism: z.number().int().positive().optional(),
  clientConnection: z
    .strictObject({
      qps: z.number().nonnegative().optional(),
      burst: z.number().int().positive().optional(),
      kubeconfig: z.string().optional(),
      contentType: z.string().optional(),
      acceptContentTypes: z.string().optional(),
    })
    .optional(),
  // Accepted for paste-ability; they do not change the simulation.
  leaderElection: z.unknown().optional(),
  featureGates: z.record(z.string(), z.boolean()).optional(),
  delayCacheUntilActive: z.boolean().optional(),
  enableProfiling: z.boolean().optional(),
  enableContentionProfiling: z.boolean().optional(),
  profiles: z.array(profileSchema).optional(),
  /** kubesim: how ties at the top score are broken (random = seeded reservoir sampling, like selectHost). */
  tieBreak: z.enum(['random', 'first']).optional(),
  /** kubesim: modelled cost of one scheduling cycle. */
  cycleCost: z
    .strictObject({
      base: durationUs().optional(),
      perFilteredNode: durationUs().optional(),
      perScoredNode: durationUs().optional(),
    })
    .optional(),
  /** kubesim: latency of the Binding API call once the client rate limiter admits it. */
  bindLatency: durationUs().optional(),
});

export type SchedulerSpec = z.output<typeof schedulerSchema>;
export type ProfileSpec = z.output<typeof profileSchema>;
export type PluginsSpec = z.output<typeof pluginsSchema>;
