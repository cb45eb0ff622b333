// Port onto timeseries.csv (src/metrics/recorder.ts implements it): a component with its own gauges
// (the cluster-autoscaler's per node group target, ready, provisioning, unneeded) appends columns to
// every sample; the caller names them in the header (src/index.ts).

export interface TimeseriesColumns {
  /** `read` is called once per sample, at the end of its instant; its values go after the fixed columns. */
  addColumns(read: () => number[]): void;
}
