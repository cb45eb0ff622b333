// Default plugins whose subject the simulator does not model (no volumes, no DRA claims; scheduling
// gates are handled by the queue): they are registered under their upstream names so that
// configurations naming them load, and they never reject a pod (scheduler.md §2 "Simulator scope").

import { z } from 'zod';
import { definePlugin, noArgs, type PluginModule } from '../types.js';

const passThrough = (name: string, points: PluginModule['points'], argsSchema: z.ZodType = noArgs) =>
  definePlugin({ name, points, argsSchema, create: () => ({ name }) });

export const SchedulingGates = passThrough('SchedulingGates', ['preEnqueue']);
export const VolumeRestrictions = passThrough('VolumeRestrictions', ['preFilter', 'filter']);
export const NodeVolumeLimits = passThrough('NodeVolumeLimits', ['preFilter', 'filter']);
export const VolumeBinding = passThrough(
  'VolumeBinding',
  ['preFilter', 'filter', 'reserve', 'preBind'],
  z.strictObject({
    bindTimeoutSeconds: z.number().int().min(0).default(600),
    shape: z.array(z.strictObject({ utilization: z.number().int(), score: z.number().int() })).optional(),
  }),
);
export const VolumeZone = passThrough('VolumeZone', ['preFilter', 'filter']);
export const DynamicResources = passThrough(
  'DynamicResources',
  ['preFilter', 'filter', 'reserve', 'preBind'],
  z.looseObject({}),
);
