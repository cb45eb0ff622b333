// kubectl's events: a step of a running kubectl drain (a request answered, a retry or a poll is due),
// in the External lane (kubectl is a client, like the kubelets).

export type KubectlEvent = { readonly kind: 'DrainStep'; readonly step: number };
