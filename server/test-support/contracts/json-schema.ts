import { fromSchema } from '@openapi-contrib/openapi-schema-to-json-schema';

/*
 * A vendor spec's schemas as one JSON Schema document for ajv. The converter handles OpenAPI's own
 * keywords (`nullable`, `x-nullable`-free Swagger schemas pass through); on top of it:
 * - `$ref`s point into the document's `definitions`, whichever spec version they came from;
 * - every object that lists its properties and says nothing of others is closed
 *   (`additionalProperties: false`), so a misspelt field is a violation, not an extra;
 * - ConnectWise writes its length limits only as description text (" Max length: 100;"): they become
 *   `maxLength`;
 * - `allOf` of objects is merged first, or closing each part would refuse the other parts' fields;
 * - each schema carries `x-spec`, where in the spec file it stands, for messages.
 */

export type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The definitions a spec file has, by name (OpenAPI 3 `components.schemas`, Swagger 2 `definitions`). */
export function specDefinitions(spec: Json): { prefix: string; definitions: Json } {
  const components = spec.components;
  if (isObject(components) && isObject(components.schemas)) return { prefix: '#/components/schemas/', definitions: components.schemas };
  return { prefix: '#/definitions/', definitions: isObject(spec.definitions) ? spec.definitions : {} };
}

export interface SchemaOverride {
  /** `x-spec` location of the schema to replace, e.g. `components.schemas.PatchOperation.properties.value`. */
  at: string;
  schema: Json;
  /** Why we part from the spec here; README's "Vendor contracts" lists these. */
  why: string;
}

export class SchemaConverter {
  readonly definitions: Json = {};
  private readonly source: Json;
  private readonly prefix: string;

  constructor(
    spec: Json,
    private readonly documentId: string,
    private readonly overrides: readonly SchemaOverride[] = [],
  ) {
    const { prefix, definitions } = specDefinitions(spec);
    this.source = definitions;
    this.prefix = prefix;
    const location = prefix.slice(2).replaceAll('/', '.');
    for (const [name, schema] of Object.entries(definitions)) {
      this.definitions[name] = this.convert(schema, `${location}${name}`);
    }
  }

  /** A `$ref` ajv resolves, for a definition name. */
  ref(name: string): string {
    return `${this.documentId}#/definitions/${name}`;
  }

  /** An inline schema of an operation (a parameter's, a response's), converted the same way. */
  convert(schema: unknown, at: string): Json {
    if (!isObject(schema)) return {};
    const converted = fromSchema(this.mergeAllOf(schema), { cloneSchema: true, strictMode: false }) as Json;
    delete converted.$schema;
    return this.walk(converted, at);
  }

  private walk(schema: Json, at: string): Json {
    const override = this.overrides.find((candidate) => candidate.at === at);
    if (override) return { ...override.schema, 'x-spec': at };
    const ref = schema.$ref;
    if (typeof ref === 'string') {
      if (!ref.startsWith(this.prefix)) throw new Error(`${at}: $ref ${ref} leaves the spec file`);
      return { $ref: this.ref(ref.slice(this.prefix.length)), 'x-spec': at };
    }
    const out: Json = { ...schema, 'x-spec': at };
    if (isObject(schema.properties)) {
      out.properties = Object.fromEntries(
        Object.entries(schema.properties).map(([key, value]) => [key, this.walk(isObject(value) ? value : {}, `${at}.properties.${key}`)]),
      );
      if (schema.additionalProperties === undefined) out.additionalProperties = false;
    }
    if (isObject(schema.additionalProperties)) out.additionalProperties = this.walk(schema.additionalProperties, `${at}.additionalProperties`);
    if (isObject(schema.items)) {
      out.items = this.walk(schema.items, `${at}.items`);
      // An item's own schema rarely says anything; what the list is for does.
      if (typeof schema.description === 'string' && (out.items as Json).description === undefined) (out.items as Json)['x-spec-context'] = schema.description;
    }
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      const parts = schema[keyword];
      if (Array.isArray(parts)) out[keyword] = parts.map((part, index) => this.walk(isObject(part) ? part : {}, `${at}.${keyword}.${index}`));
    }
    const maxLength = typeof schema.description === 'string' ? /Max length:\s*(\d+)/i.exec(schema.description)?.[1] : undefined;
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (maxLength && types.includes('string') && schema.maxLength === undefined) out.maxLength = Number(maxLength);
    return out;
  }

  /** `allOf: [A, {…}]` → one object with both parts' properties and required fields. */
  private mergeAllOf(schema: Json): Json {
    if (!Array.isArray(schema.allOf)) return schema;
    const merged: Json = { type: 'object', properties: {}, required: [] };
    for (const part of schema.allOf.map((item) => this.resolve(item))) {
      const flat = this.mergeAllOf(part);
      Object.assign(merged.properties as Json, isObject(flat.properties) ? flat.properties : {});
      (merged.required as string[]).push(...(Array.isArray(flat.required) ? (flat.required as string[]) : []));
    }
    const { allOf: _allOf, ...rest } = schema;
    return { ...rest, ...merged };
  }

  private resolve(schema: unknown): Json {
    if (!isObject(schema)) return {};
    const ref = schema.$ref;
    if (typeof ref !== 'string') return schema;
    const target = this.source[ref.slice(this.prefix.length)];
    return isObject(target) ? target : {};
  }
}
