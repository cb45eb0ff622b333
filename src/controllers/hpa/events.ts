/** One HPA's sync (key namespace/name), every --horizontal-pod-autoscaler-sync-period (lane Controller). */
export type HpaSyncEvent = { readonly kind: 'HpaSync'; readonly hpa: string };
