// Default plugins whose subject the simulator does not model (no DRA claims; scheduling
// gates are handled by the queue): they are registered under their upstream names so that
// configurations naming them load, and they never reject a pod (scheduler.md §2 "Simulator scope").

import { z } from 'zod';
import { definePlugin, noArgs, type PluginModule } from '../types.js';

const passThrough = (name: string, points: PluginModule['points'], argsSchema: z.ZodType = noArgs) =>
  definePlugin({ name, points, argsSchema, create: () => ({ name }) });

export const SchedulingGates = passThrough('SchedulingGates', ['preEnqueue']);
export const DynamicResources = passThrough(
  'DynamicResources',
  ['preFilter', 'filter', 'reserve', 'preBind'],
  z.looseObject({}),
);
