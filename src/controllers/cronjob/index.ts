// The CronJob controller's registration descriptor (kcm-registry.ts lists it): its name as in
// kube-controller-manager --controllers ("cronjob"), built from its kernel slice and the workload API
// port (it creates and deletes Jobs). The folder holds schedule.ts and zone.ts (cron schedules in time
// zones, robfig/cron semantics), utils.ts (utils.go) and controller.ts (cronjob_controllerv2.go).

import type { KcmControllerModule } from '../kcm-controller.js';
import { CronJobController } from './controller.js';
import type { CronJobEvent } from './events.js';

export type { CronJobEvent } from './events.js';

export const cronJobController: KcmControllerModule<CronJobEvent> = {
  name: 'cronjob',
  create: (kernel, ports) => new CronJobController(kernel, ports.workloads),
};
