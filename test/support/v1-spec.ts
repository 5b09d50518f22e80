/**
 * PortOne's V1 Swagger 2.0 document (../shared/reference/v1.openapi.json) as a response validator.
 * The file is read where it lives, never copied into the repo (shared/README.md).
 *
 * Swagger 2.0 has no `nullable`, while V1 replies carry every key with `null` where not applicable
 * (reference §2), so a property that is not `required` may also be null. Numeric keywords the spec
 * writes as strings (`"maxLength": "32"`) are read as numbers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';

export const specFile = fileURLToPath(new URL('../../../shared/reference/v1.openapi.json', import.meta.url));

type Schema = Record<string, any>;
export type Spec = { paths: Record<string, Record<string, any>>; definitions: Record<string, Schema> };

export function loadSpec(): Spec | null {
  return existsSync(specFile) ? (JSON.parse(readFileSync(specFile, 'utf8')) as Spec) : null;
}

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const numericKeywords = new Set(['maxLength', 'minLength', 'maximum', 'minimum', 'maxItems', 'minItems']);

/** The spec schema made strict about types and lenient about `null` on optional properties. */
export function nullableOptional(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableOptional);
  if (!isObject(node)) return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith('x-')) continue;
    if (numericKeywords.has(k) && typeof v === 'string') out[k] = Number(v);
    else if (k === 'properties' && isObject(v)) {
      const required = new Set<string>(Array.isArray(node.required) ? node.required : []);
      out.properties = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, required.has(name) ? nullableOptional(s) : { anyOf: [nullableOptional(s), { type: 'null' }] }]));
    } else out[k] = nullableOptional(v);
  }
  // Swagger schemas with `properties` often omit `type`; without it a string would pass as an object.
  if (out.properties && out.type === undefined) out.type = 'object';
  return out;
}

export class SpecValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly definitions: Schema;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(readonly spec: Spec, definitionOverrides: Record<string, (d: Schema) => Schema> = {}) {
    const defs: Schema = { ...spec.definitions };
    for (const [name, fix] of Object.entries(definitionOverrides)) defs[name] = fix(structuredClone(defs[name] ?? {}));
    this.definitions = defs;
  }

  /** Errors of `body` against `schema` (a spec response schema, `$ref`s into `#/definitions`). */
  errors(key: string, schema: Schema, body: unknown): string[] {
    let validate = this.cache.get(key);
    if (!validate) {
      validate = this.ajv.compile({ ...(nullableOptional(schema) as Schema), definitions: nullableOptional(this.definitions) });
      this.cache.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`);
  }

  deref(schema: Schema): Schema {
    let s = schema;
    for (let i = 0; i < 20 && typeof s.$ref === 'string'; i++) s = this.definitions[s.$ref.replace('#/definitions/', '')] ?? {};
    return s;
  }

  /** The properties a schema declares, merged over `allOf`. */
  private properties(schema: Schema): Record<string, Schema> | null {
    const s = this.deref(schema);
    let props: Record<string, Schema> | null = isObject(s.properties) ? { ...s.properties } : null;
    for (const part of Array.isArray(s.allOf) ? s.allOf : []) {
      const p = this.properties(part);
      if (p) props = { ...(props ?? {}), ...p };
    }
    return props;
  }

  /** Paths of keys the schema declares that `value` leaves out (V1 clients expect every key, reference §2). */
  omitted(value: unknown, schema: Schema, path = '', out = new Set<string>()): Set<string> {
    const s = this.deref(schema);
    if (Array.isArray(value)) {
      if (isObject(s.items)) for (const v of value) this.omitted(v, s.items, `${path}[]`, out);
      return out;
    }
    if (!isObject(value)) return out;
    const props = this.properties(s);
    if (!props) return out;
    for (const [k, p] of Object.entries(props)) {
      const at = path ? `${path}.${k}` : k;
      if (k in value) this.omitted(value[k], p, at, out);
      else out.add(at);
    }
    return out;
  }

  /** Paths of keys in `value` that the schema does not declare (`response.list[].foo`). */
  undeclared(value: unknown, schema: Schema, path = '', out = new Set<string>()): Set<string> {
    const s = this.deref(schema);
    if (Array.isArray(value)) {
      if (isObject(s.items)) for (const v of value) this.undeclared(v, s.items, `${path}[]`, out);
      return out;
    }
    if (!isObject(value)) return out;
    const props = this.properties(s);
    if (!props) return out;
    for (const [k, v] of Object.entries(value)) {
      const p = path ? `${path}.${k}` : k;
      if (props[k]) this.undeclared(v, props[k], p, out);
      else out.add(p);
    }
    return out;
  }
}

/**
 * The spec path for a Fastify url (`/payments/:imp_uid` -> `/payments/{imp_uid}`). The spec writes an
 * optional trailing segment as one path, e.g. `/payments/find/{merchant_uid}/{payment_status}` with
 * `payment_status` not required; our shorter route maps to it.
 */
export function specPathOf(spec: Spec, method: string, url: string): string | null {
  const p = url.replace(/:([A-Za-z_]+)/g, '{$1}');
  const m = method.toLowerCase();
  if (spec.paths[p]?.[m]) return p;
  for (const [candidate, ops] of Object.entries(spec.paths)) {
    const op = ops[m];
    if (!op || !candidate.startsWith(`${p}/`)) continue;
    const rest = candidate.slice(p.length + 1).split('/');
    const optional = (name: string) => (op.parameters ?? []).some((x: Schema) => x.in === 'path' && x.name === name && x.required === false);
    if (rest.every((seg) => /^\{(.+)\}$/.test(seg) && optional(seg.slice(1, -1)))) return candidate;
  }
  return null;
}
