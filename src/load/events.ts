export type LoadEvent =
  /** metrics-server scrapes every watched pod, every --metric-resolution (lane External). */
  | { readonly kind: 'MetricsScrape' }
  /** A load.csv sample, every metrics.interval (lane Sample). */
  | { readonly kind: 'LoadSample' };
