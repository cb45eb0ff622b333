// spec.scheduler: KubeSchedulerConfiguration fields (kubescheduler.config.k8s.io/v1). The scheduler
// issue fills in profiles, plugins and pluginConfig; the queue fields are read by the scheduler model.

import { z } from 'zod';

export const schedulerSchema = z.strictObject({
  apiVersion: z.literal('kubescheduler.config.k8s.io/v1').optional(),
  kind: z.literal('KubeSchedulerConfiguration').optional(),
  percentageOfNodesToScore: z.number().int().min(0).max(100).optional(),
  podInitialBackoffSeconds: z.number().int().positive().optional(),
  podMaxBackoffSeconds: z.number().int().positive().optional(),
  parallelism: z.number().int().positive().optional(),
});

export type SchedulerSpec = z.output<typeof schedulerSchema>;
