// pkg/apis/core/validation ValidateLimitRange: each item's type (a standard type, Pod, Container or
// PersistentVolumeClaim, or a qualified name; no type twice), its resource names, no default or
// defaultRequest on a Pod item, a min or max storage on a PersistentVolumeClaim item, and per resource
// min <= defaultRequest <= default <= max, maxLimitRequestRatio >= 1 and <= max/min, default ==
// defaultRequest for resources that cannot be overcommitted. The API server runs it after defaulting
// (limitRangeFrom: a Container item's default is its max, its defaultRequest its default or min).

import { canonicalQuantity, compareQuantities, milliValueBig } from '../quantity.js';
import { isQualifiedName, nameIsDNSSubdomain } from './content.js';
import {
  duplicate,
  type ErrorList,
  type FieldPath,
  forbidden,
  invalid,
  required,
  stringer,
} from './field.js';
import { type ObjectMetaInput, validateObjectMeta } from './meta.js';
import {
  isOvercommitAllowed,
  type QuantityInput,
  type ResourceListInput,
  validateContainerResourceName,
  validateResourceName,
} from './resources.js';

/** helper.IsStandardLimitRangeType */
const STANDARD_LIMIT_TYPES = new Set(['Pod', 'Container', 'PersistentVolumeClaim']);

export interface LimitRangeItemInput {
  readonly type: string;
  readonly max?: ResourceListInput | undefined;
  readonly min?: ResourceListInput | undefined;
  readonly default?: ResourceListInput | undefined;
  readonly defaultRequest?: ResourceListInput | undefined;
  readonly maxLimitRequestRatio?: ResourceListInput | undefined;
}

export interface LimitRangeInput {
  readonly metadata: ObjectMetaInput;
  readonly spec: { readonly limits: readonly LimitRangeItemInput[] };
}

function validateTypeName(value: string, path: FieldPath): ErrorList {
  const errs = isQualifiedName(value).map((msg) => invalid(path, value, msg));
  if (errs.length > 0) return errs;
  if (!value.includes('/') && !STANDARD_LIMIT_TYPES.has(value))
    errs.push(invalid(path, value, 'must be a standard limit type or fully qualified'));
  return errs;
}

/** validateLimitRangeResourceName: container resource names for Pod and Container items. */
function validateItemResourceName(type: string, name: string, path: FieldPath): ErrorList {
  return type === 'Pod' || type === 'Container'
    ? validateContainerResourceName(name, path)
    : validateResourceName(name, path);
}

const q = (v: QuantityInput) => stringer(canonicalQuantity(v));
const s = (v: QuantityInput) => canonicalQuantity(v);

type Field = 'min' | 'max' | 'default' | 'defaultRequest';

/**
 * The ordering rules, in upstream's order: [smaller, larger, the field the error names, the field whose
 * value it shows, the detail's two names]. "min value X is greater than max value Y" and so on.
 */
const ORDER_RULES: readonly (readonly [Field, Field, Field, Field, string, string])[] = [
  ['min', 'max', 'min', 'min', 'min value', 'max value'],
  ['min', 'defaultRequest', 'defaultRequest', 'defaultRequest', 'min value', 'default request value'],
  ['defaultRequest', 'max', 'defaultRequest', 'defaultRequest', 'default request value', 'max value'],
  [
    'defaultRequest',
    'default',
    'defaultRequest',
    'defaultRequest',
    'default request value',
    'default limit value',
  ],
  ['min', 'default', 'default', 'min', 'min value', 'default value'],
  ['default', 'max', 'default', 'max', 'default value', 'max value'],
];

/** The cross-field rules of one resource of one item. */
function checkResource(k: string, item: LimitRangeItemInput, at: FieldPath): ErrorList {
  const errs: ErrorList = [];
  const value = (f: Field) =>
    item.type === 'Pod' && (f === 'default' || f === 'defaultRequest') ? undefined : item[f]?.[k];
  for (const [small, large, path, shown, smallName, largeName] of ORDER_RULES) {
    const a = value(small);
    const b = value(large);
    if (a === undefined || b === undefined || compareQuantities(a, b) <= 0) continue;
    const v = value(shown) as QuantityInput;
    errs.push(invalid([...at, path, k], q(v), `${smallName} ${s(a)} is greater than ${largeName} ${s(b)}`));
  }
  const min = value('min');
  const max = value('max');
  const dflt = value('default');
  const dreq = value('defaultRequest');
  const ratio = item.maxLimitRequestRatio?.[k];
  if (ratio !== undefined && compareQuantities(ratio, 1) < 0)
    errs.push(invalid([...at, 'maxLimitRequestRatio', k], q(ratio), `ratio ${s(ratio)} is less than 1`));
  if (ratio !== undefined && min !== undefined && max !== undefined) {
    // max/min over the milli values, printed with %f (the whole values only past MaxMilliValue).
    const limit = Number(milliValueBig(max)) / Number(milliValueBig(min));
    if (Number(milliValueBig(ratio)) / 1000 > limit)
      errs.push(
        invalid(
          [...at, 'maxLimitRequestRatio', k],
          q(ratio),
          `ratio ${s(ratio)} is greater than max/min = ${limit.toFixed(6)}`,
        ),
      );
  }
  if (
    !isOvercommitAllowed(k) &&
    dflt !== undefined &&
    dreq !== undefined &&
    compareQuantities(dflt, dreq) !== 0
  )
    errs.push(
      invalid(
        [...at, 'defaultRequest', k],
        q(dreq),
        `default value ${s(dflt)} must equal to defaultRequest value ${s(dreq)} in ${k}`,
      ),
    );
  return errs;
}

export function validateLimitRange(lr: LimitRangeInput): ErrorList {
  const errs = validateObjectMeta(lr.metadata, { nameFn: nameIsDNSSubdomain, namespaced: true }, [
    'metadata',
  ]);
  const seen = new Set<string>();
  lr.spec.limits.forEach((item, i) => {
    const at: FieldPath = ['spec', 'limits', i];
    errs.push(...validateTypeName(item.type, [...at, 'type']));
    if (seen.has(item.type)) errs.push(duplicate([...at, 'type'], item.type));
    seen.add(item.type);
    const keys = new Set<string>();
    const names = (field: 'max' | 'min' | 'default' | 'defaultRequest' | 'maxLimitRequestRatio') => {
      for (const k of Object.keys(item[field] ?? {})) {
        errs.push(...validateItemResourceName(item.type, k, [...at, field, k]));
        keys.add(k);
      }
    };
    names('max');
    names('min');
    if (item.type === 'Pod') {
      if (Object.keys(item.default ?? {}).length > 0)
        errs.push(forbidden([...at, 'default'], "may not be specified when `type` is 'Pod'"));
      if (Object.keys(item.defaultRequest ?? {}).length > 0)
        errs.push(forbidden([...at, 'defaultRequest'], "may not be specified when `type` is 'Pod'"));
    } else {
      names('default');
      names('defaultRequest');
    }
    if (
      item.type === 'PersistentVolumeClaim' &&
      item.min?.storage === undefined &&
      item.max?.storage === undefined
    )
      errs.push(
        required(
          [...at, 'limits'],
          'either minimum or maximum storage value is required, but neither was provided',
        ),
      );
    names('maxLimitRequestRatio');
    for (const k of keys) errs.push(...checkResource(k, item, at));
  });
  return errs;
}
