// ObjectMeta, labels, annotations and label selectors, as apimachinery validates them on create
// (pkg/api/validation/objectmeta.go ValidateObjectMetaAccessor, pkg/apis/meta/v1/validation
// ValidateLabels / ValidateLabelSelector).

import { isQualifiedName, isValidLabelValue, type NameFn, nameIsDNSLabel } from './content.js';
import { type ErrorList, type FieldPath, forbidden, goMap, invalid, required, tooLong } from './field.js';

export interface ObjectMetaInput {
  readonly name?: string | undefined;
  readonly generateName?: string | undefined;
  readonly namespace?: string | undefined;
  readonly labels?: Readonly<Record<string, string>> | undefined;
  readonly annotations?: Readonly<Record<string, string>> | undefined;
  /** Set on objects from a dump (the API server's), absent in manifests written by hand. */
  readonly uid?: string | undefined;
  readonly ownerReferences?:
    | ReadonlyArray<{
        readonly apiVersion?: string | undefined;
        readonly kind?: string | undefined;
        readonly name?: string | undefined;
        readonly uid?: string | undefined;
        readonly controller?: boolean | undefined;
      }>
    | undefined;
}

/** TotalAnnotationSizeLimitB: keys plus values, 256 KiB. */
export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * (1 << 10);

export interface ObjectMetaOptions {
  readonly nameFn: NameFn;
  /** Namespaced kinds get "default" when the manifest names none, as `kubectl apply` sends it. */
  readonly namespaced: boolean;
}

export function validateObjectMeta(
  meta: ObjectMetaInput,
  opts: ObjectMetaOptions,
  path: FieldPath,
): ErrorList {
  const errs: ErrorList = [];
  if (meta.generateName !== undefined && meta.generateName !== '') {
    for (const msg of opts.nameFn(meta.generateName, true)) {
      errs.push(invalid([...path, 'generateName'], meta.generateName, msg));
    }
  }
  if (meta.name === undefined || meta.name === '') {
    // With a generateName the API server generates the name before validating it.
    if (!meta.generateName) errs.push(required([...path, 'name'], 'name or generateName is required'));
  } else {
    for (const msg of opts.nameFn(meta.name, false)) errs.push(invalid([...path, 'name'], meta.name, msg));
  }
  if (opts.namespaced) {
    if (meta.namespace !== undefined) {
      if (meta.namespace === '') errs.push(required([...path, 'namespace']));
      else
        for (const msg of nameIsDNSLabel(meta.namespace, false)) {
          errs.push(invalid([...path, 'namespace'], meta.namespace, msg));
        }
    }
  } else if (meta.namespace !== undefined && meta.namespace !== '') {
    errs.push(forbidden([...path, 'namespace'], 'not allowed on this type'));
  }
  errs.push(...validateLabels(meta.labels, [...path, 'labels']));
  errs.push(...validateAnnotations(meta.annotations, [...path, 'annotations']));
  errs.push(...validateOwnerReferences(meta.ownerReferences ?? [], [...path, 'ownerReferences']));
  return errs;
}

/** ValidateLabelName: a qualified name; the error sits on the map's path, as upstream reports it. */
export function validateLabelName(key: string, path: FieldPath): ErrorList {
  return isQualifiedName(key).map((msg) => invalid(path, key, msg));
}

export function validateLabels(
  labels: Readonly<Record<string, string>> | undefined,
  path: FieldPath,
): ErrorList {
  const errs: ErrorList = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    errs.push(...validateLabelName(k, path));
    for (const msg of isValidLabelValue(v)) errs.push(invalid(path, v, msg));
  }
  return errs;
}

export function validateAnnotations(
  annotations: Readonly<Record<string, string>> | undefined,
  path: FieldPath,
): ErrorList {
  const errs: ErrorList = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    // QualifiedName, except that case does not matter.
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, msg));
    size += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v, 'utf8');
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT_B) errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT_B));
  return errs;
}

function validateOwnerReferences(
  refs: NonNullable<ObjectMetaInput['ownerReferences']>,
  path: FieldPath,
): ErrorList {
  const errs: ErrorList = [];
  let firstController = '';
  refs.forEach((ref) => {
    const version = (ref.apiVersion ?? '').split('/').pop() ?? '';
    if (version === '')
      errs.push(invalid([...path, 'apiVersion'], ref.apiVersion ?? '', 'version must not be empty'));
    if (!ref.kind) errs.push(invalid([...path, 'kind'], ref.kind ?? '', 'must not be empty'));
    if (!ref.name) errs.push(invalid([...path, 'name'], ref.name ?? '', 'must not be empty'));
    if (!ref.uid) errs.push(invalid([...path, 'uid'], ref.uid ?? '', 'must not be empty'));
    if (ref.controller === true) {
      const current = `${ref.kind}/${ref.name}`;
      if (firstController !== '') {
        errs.push(
          invalid(
            path,
            { go: '[]v1.OwnerReference{...}' },
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
      } else {
        firstController = current;
      }
    }
  });
  return errs;
}

export interface LabelSelectorInput {
  readonly matchLabels?: Readonly<Record<string, string>> | undefined;
  readonly matchExpressions?:
    | ReadonlyArray<{
        readonly key: string;
        readonly operator: string;
        readonly values?: readonly string[] | undefined;
      }>
    | undefined;
}

/** ValidateLabelSelector with AllowInvalidLabelValueInSelector false, as on create. */
export function validateLabelSelector(sel: LabelSelectorInput | undefined, path: FieldPath): ErrorList {
  if (sel === undefined) return [];
  const errs = validateLabels(sel.matchLabels, [...path, 'matchLabels']);
  (sel.matchExpressions ?? []).forEach((r, i) => {
    const at = [...path, 'matchExpressions', i];
    const values = r.values ?? [];
    switch (r.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          errs.push(required([...at, 'values'], "must be specified when `operator` is 'In' or 'NotIn'"));
        }
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          errs.push(
            forbidden(
              [...at, 'values'],
              "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
          );
        }
        break;
      default:
        errs.push(invalid([...at, 'operator'], r.operator, 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(r.key, [...at, 'key']));
    values.forEach((v, j) => {
      for (const msg of isValidLabelValue(v)) errs.push(invalid([...at, 'values', j], v, msg));
    });
  });
  return errs;
}

/** An empty selector (no matchLabels, no matchExpressions). */
export function isEmptySelector(sel: LabelSelectorInput): boolean {
  return Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0;
}

/** LabelSelector.String() as the generated protobuf code prints it in field errors. */
export function selectorValue(sel: LabelSelectorInput): { go: string } {
  const labels = Object.keys(sel.matchLabels ?? {})
    .sort()
    .map((k) => `${k}: ${sel.matchLabels?.[k]},`)
    .join('');
  const exprs = (sel.matchExpressions ?? [])
    .map(
      (r) =>
        `LabelSelectorRequirement{Key:${r.key},Operator:${r.operator},Values:[${(r.values ?? []).join(' ')}],},`,
    )
    .join('');
  return {
    go: `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`,
  };
}

export { goMap };
