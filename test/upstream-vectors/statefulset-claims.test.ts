// StatefulSet claims through a whole simulation (pkg/controller/statefulset stateful_pod_control.go
// createPersistentVolumeClaims / createMissingPersistentVolumeClaims / recordClaimEvent /
// recordPodEvent, stateful_set_control.go processReplica, stateful_set_utils.go claim owner refs):
// - stateful_set_control_test.go RecreatesPVCForPendingPod: a Pending pod whose claim was deleted gets
//   it created again (#113270, 1.27). Upstream's case deletes the claims from the informer and marks
//   the pod Pending; here the zone-outage library scenario strands db-1 Pending on a zone-a volume and
//   `kubectl delete pvc` removes its claim (an unscheduled pod does not hold it: pvc-protection
//   podUsesPVC). The scheduler's next failure PATCHes a new PodScheduled message, the set re-syncs
//   (updatePod), the claim is created again and db-1 is provisioned and scheduled in a live zone.
// - the Events: SuccessfulCreate "create Claim <claim> Pod <pod> in StatefulSet <set> success" per
//   claim, then "create Pod <pod> in StatefulSet <set> successful".
// - claim ownerReferences by release: plain references until 1.30, controller references from 1.31
//   (#122499).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runUntil } from '../helpers/run.js';
import { S, simFromYaml } from '../helpers/scenario.js';

const library = readFileSync('scenarios/zone-outage-stateful.yaml', 'utf8');
const [head] = library.split('  expect:');

function stranded(version: string, deleteClaim: boolean): string {
  const text = (head ?? '').replace('  seed: 1', `  seed: 1\n  kubernetesVersion: "${version}"`);
  if (!deleteClaim) return text;
  return text.replace(
    '    - {at: 10m, action: delete-node, node: general-a-02}',
    '    - {at: 10m, action: delete-node, node: general-a-02}\n    - {at: 12m, action: delete, target: PersistentVolumeClaim/data-db-1}',
  );
}

const rows = (sim: ReturnType<typeof simFromYaml>, reason: string, object: string) =>
  sim.log.keptRows.filter((r) => r.reason === reason && r.object === object);

describe('stateful_set_control_test.go RecreatesPVCForPendingPod', () => {
  it('a Pending pod whose claim was deleted gets the claim created again, then schedules', () => {
    const sim = simFromYaml(stranded('1.33', true));
    runUntil(sim, 20 * 60 * S);
    const created = rows(sim, 'Created', 'PersistentVolumeClaim/default/data-db-1');
    expect(created.map((r) => Math.round(r.timeUs / 1000) / 1000)).toEqual([10.002, 720]);
    const deleted = rows(sim, 'Deleted', 'PersistentVolumeClaim/default/data-db-1');
    expect(deleted.map((r) => `${r.kind} ${r.timeUs / S}`)).toEqual(['Workload 720', 'Volume 720']);
    const claimEvents = rows(sim, 'SuccessfulCreate', 'StatefulSet/default/db').filter((r) =>
      r.detail.startsWith('create Claim data-db-1 '),
    );
    expect(claimEvents.map((r) => [Math.round(r.timeUs / 1000) / 1000, r.detail])).toEqual([
      [10.002, 'create Claim data-db-1 Pod db-1 in StatefulSet db success'],
      [720, 'create Claim data-db-1 Pod db-1 in StatefulSet db success'],
    ]);
    const scheduled = rows(sim, 'Scheduled', 'default/db-1');
    expect(scheduled.length).toBe(2);
    expect(scheduled[1]?.zone).not.toBe('zone-a');
    expect(sim.state.pod('default/db-1')?.phase).toBe('Running');
  });

  it('without the deletion the pod stays stranded and no claim is created again', () => {
    const sim = simFromYaml(stranded('1.33', false));
    runUntil(sim, 20 * 60 * S);
    expect(rows(sim, 'Created', 'PersistentVolumeClaim/default/data-db-1').length).toBe(1);
    expect(sim.state.pod('default/db-1')?.nodeName).toBeNull();
  });
});

describe('recordPodEvent / recordClaimEvent (stateful_pod_control.go)', () => {
  it('each pod creation writes its claims Event first, then the pod Event', () => {
    const sim = simFromYaml(stranded('1.33', false));
    runUntil(sim, 30 * S);
    const details = rows(sim, 'SuccessfulCreate', 'StatefulSet/default/db').map((r) => r.detail);
    expect(details).toEqual([
      'create Claim data-db-0 Pod db-0 in StatefulSet db success',
      'create Pod db-0 in StatefulSet db successful',
      'create Claim data-db-1 Pod db-1 in StatefulSet db success',
      'create Pod db-1 in StatefulSet db successful',
      'create Claim data-db-2 Pod db-2 in StatefulSet db success',
      'create Pod db-2 in StatefulSet db successful',
    ]);
  });
});

describe('claim ownerReferences by release (StatefulSetAutoDeletePVC, #122499)', () => {
  const retained = (version: string) =>
    stranded(version, false).replace(
      '        serviceName: db',
      '        serviceName: db\n        persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Retain}',
    );
  it.each([
    ['1.30', false],
    ['1.31', true],
  ])('%s: the set owns its claims, controller %s', (version, controller) => {
    const sim = simFromYaml(retained(version));
    runUntil(sim, 30 * S);
    const set = sim.workloads.store.get('StatefulSet', 'default/db');
    const owners = sim.state.volumes.claim('default/data-db-0')?.owners;
    expect(owners).toEqual([{ kind: 'StatefulSet', name: 'db', uid: set?.uid, controller }]);
  });
});
