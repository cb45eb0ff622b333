/** CreateVolume returned: the provisioner writes the PersistentVolume for the claim (lane External). */
export type CsiProvisionerEvent = {
  readonly kind: 'CsiVolumeCreated';
  readonly claim: string;
  readonly uid: string;
};
