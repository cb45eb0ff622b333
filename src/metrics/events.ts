// Events of the metrics recorder (recorder.ts): one timeseries.csv sample per interval.

export type MetricsEvent = { readonly kind: 'MetricsSample' };
