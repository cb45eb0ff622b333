/**
 * How long a CSI driver takes to create a volume (CreateVolume, from the external-provisioner's
 * Provisioning event to the PersistentVolume it writes): a draw, uniform in [min, max], from the
 * stream `csi-provisioner/create-volume`. Cloud disks typically take a few seconds.
 */
export const PROVISIONER_DEFAULTS = { minDelayUs: 2_000_000, maxDelayUs: 8_000_000 } as const;

/** The node label a zonal driver's topology segment uses (CSINode topologyKeys, well-known label). */
export const ZONE_TOPOLOGY_KEY = 'topology.kubernetes.io/zone';
