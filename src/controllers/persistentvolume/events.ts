/** One pass of the PV controller over the claims and volumes queued since the last (lane Controller). */
export type PersistentVolumeEvent =
  | { readonly kind: 'PVControllerSync' }
  /** ctrl.resync(): every --pvclaimbinder-sync-period, every claim and volume is synced again. */
  | { readonly kind: 'PVControllerResync' };
