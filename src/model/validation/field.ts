// Field errors as the Kubernetes API server reports them (k8s.io/apimachinery/pkg/util/validation/field
// errors.go): a path, a type, the offending value and a detail, printed by errorBody() exactly as
// Error.ErrorBody() prints them, e.g. `Invalid value: "Foo_bar": a lowercase RFC 1123 subdomain must ...`.

export type FieldPath = readonly (string | number)[];

export type FieldErrorType =
  | 'Invalid'
  | 'Required'
  | 'Duplicate'
  | 'NotSupported'
  | 'Forbidden'
  | 'TooLong'
  | 'TooMany'
  | 'NotFound'
  /** A JSON decoding failure (a number outside its Go type), printed as its detail alone. */
  | 'Decode'
  /** An admission plugin's rejection (not a field error), printed as its detail alone. */
  | 'Admission';

/**
 * The bad value as Go prints it: strings with %q, numbers and booleans with %v; `{ go: text }` for values
 * Go prints through %#v or a String() method (maps, structs, quantities, IntOrString).
 */
export type BadValue = string | number | boolean | { readonly go: string } | null;

export interface FieldError {
  readonly type: FieldErrorType;
  readonly path: FieldPath;
  readonly value?: BadValue;
  readonly detail: string;
}

export type ErrorList = FieldError[];

/** ErrorType.String() */
const TYPE_TEXT: Readonly<Record<FieldErrorType, string>> = {
  Invalid: 'Invalid value',
  Required: 'Required value',
  Duplicate: 'Duplicate value',
  NotSupported: 'Unsupported value',
  Forbidden: 'Forbidden',
  TooLong: 'Too long',
  TooMany: 'Too many',
  NotFound: 'Not found',
  Decode: '',
  Admission: '',
};

/** strconv.Quote for the strings a manifest can hold (JSON escapes agree with Go's for these). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

function formatValue(v: BadValue | undefined): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return v.go;
}

/** Error.ErrorBody(): the message without the field path. */
export function errorBody(e: FieldError): string {
  if (e.type === 'Decode' || e.type === 'Admission') return e.detail;
  const omitValue =
    e.type === 'Required' || e.type === 'Forbidden' || e.type === 'TooLong' || e.value === undefined;
  let s = omitValue ? TYPE_TEXT[e.type] : `${TYPE_TEXT[e.type]}: ${formatValue(e.value)}`;
  if (e.detail !== '') s += `: ${e.detail}`;
  return s;
}

export const invalid = (path: FieldPath, value: BadValue, detail: string): FieldError => ({
  type: 'Invalid',
  path,
  value,
  detail,
});

export const required = (path: FieldPath, detail = ''): FieldError => ({ type: 'Required', path, detail });

export const forbidden = (path: FieldPath, detail: string): FieldError => ({
  type: 'Forbidden',
  path,
  detail,
});

export const duplicate = (path: FieldPath, value: BadValue, detail = ''): FieldError => ({
  type: 'Duplicate',
  path,
  value,
  detail,
});

export const notFound = (path: FieldPath, value: BadValue, detail = ''): FieldError => ({
  type: 'NotFound',
  path,
  value,
  detail,
});

/** field.NotSupported: the detail lists the supported values, each strconv.Quote'd. */
export const notSupported = (path: FieldPath, value: BadValue, valid: readonly string[]): FieldError => ({
  type: 'NotSupported',
  path,
  value,
  detail: valid.length > 0 ? `supported values: ${valid.map(goQuote).join(', ')}` : '',
});

/** field.TooLong: "must have at most N bytes". */
export const tooLong = (path: FieldPath, maxBytes: number): FieldError => ({
  type: 'TooLong',
  path,
  detail: `must have at most ${maxBytes} bytes`,
});

/** Go's %#v of a map[string]string, keys sorted as fmt prints them. */
export function goMap(m: Readonly<Record<string, string>> | undefined): { go: string } {
  if (m === undefined) return { go: 'map[string]string(nil)' };
  const body = Object.keys(m)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(m[k] as string)}`)
    .join(', ');
  return { go: `map[string]string{${body}}` };
}

/** A value printed through its String() method, unquoted (Quantity, IntOrString). */
export const stringer = (text: string): { go: string } => ({ go: text });

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/**
 * An int32 field holding a number outside int32 fails JSON decoding in the API server before validation:
 * "json: cannot unmarshal number 3000000000 into Go struct field PodSpec.spec.priority of type int32".
 */
export function int32Field(value: number | undefined, path: FieldPath, goField: string): FieldError[] {
  if (value === undefined || (value >= INT32_MIN && value <= INT32_MAX)) return [];
  return [
    {
      type: 'Decode',
      path,
      detail: `json: cannot unmarshal number ${value} into Go struct field ${goField} of type int32`,
    },
  ];
}
