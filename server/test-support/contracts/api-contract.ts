import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { SchemaConverter, type Json, type SchemaOverride } from './json-schema.js';
import type { SpecApi } from './spec-files.js';

/*
 * One vendor API held to its published specification: which operation a request is, and whether the
 * request (path, query, headers, body) and the response (status, body) are what the spec allows.
 * Works on OpenAPI 3.0 and Swagger 2.0 files alike.
 */

// ajv-formats is CommonJS with a default export; under NodeNext its callable sits on `.default`.
const addFormats = addFormatsModule.default;

export interface ContractViolation {
  api: string;
  /** `POST /service/tickets`, or the method and path when no operation matches. */
  operation: string;
  part: 'operation' | 'path' | 'query' | 'header' | 'request body' | 'response status' | 'response body';
  /** The field, parameter or JSON pointer at fault. */
  field: string;
  message: string;
  /** What the spec says there: its description text, enum, type, and where it stands. */
  specText: string;
  /** A required field or parameter that is not there (rather than one whose value is wrong). */
  missing?: boolean;
}

export function formatViolation(violation: ContractViolation): string {
  const field = violation.field ? ` ${violation.field}` : '';
  return `${violation.api} ${violation.operation} ${violation.part}${field}: ${violation.message} — spec: ${violation.specText}`;
}

export interface ContractRequest {
  method: string;
  /** The path as the spec writes it (after the API's base path). */
  specPath: string;
  query: URLSearchParams;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body?: unknown;
  /** Default true. A simulator leaves credentials to its own authentication, which answers 401 as the vendor does. */
  checkCredentials?: boolean;
}

export interface ContractResponse {
  status: number;
  /** The response text; parsed as JSON for validation. */
  text: string;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  /** Query arrays sent as repeated parameters (Swagger's `collectionFormat: multi`). */
  repeated: boolean;
  /** The JSON type(s) the spec gives the value (or its items), for reading the text it arrives as. */
  types: string[];
  validate: ValidateFunction;
  at: string;
}

interface Operation {
  key: string;
  method: string;
  template: string;
  pattern: RegExp;
  pathNames: string[];
  parameters: Parameter[];
  body?: { required: boolean; validate: ValidateFunction; at: string; patchTarget?: string };
  responses: Map<string, { validate?: ValidateFunction; at: string }>;
  /** Media types the successful responses come in (OpenAPI `content`, Swagger `produces`). */
  produces: string[];
  /** Alternatives; each lists header names that must all be present (Swagger apiKey schemes). */
  security: string[][];
}

const httpMethods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export class ApiContract {
  readonly operations: Operation[] = [];
  private readonly ajv: Ajv;
  private readonly fieldValidators = new Map<string, ValidateFunction>();
  private readonly converter: SchemaConverter;
  private readonly documentId: string;
  private readonly spec: Json;

  constructor(
    readonly api: SpecApi,
    spec: Json,
    overrides: readonly SchemaOverride[] = [],
  ) {
    this.spec = spec;
    this.documentId = `spec:${api.name.replaceAll(' ', '-')}`;
    this.converter = new SchemaConverter(spec, this.documentId, overrides);
    this.ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
    addFormats(this.ajv);
    // OpenAPI's numeric formats; ajv-formats knows int32/int64, not these.
    this.ajv.addFormat('double', { type: 'number', validate: () => true });
    this.ajv.addFormat('float', { type: 'number', validate: () => true });
    this.ajv.addSchema({ $id: this.documentId, definitions: this.converter.definitions });
    this.readOperations();
  }

  /** The operation a method and spec path name, with the path's parameters; undefined when the spec has none. */
  match(method: string, specPath: string): { operation: Operation; pathValues: Record<string, string> } | undefined {
    const upper = method.toUpperCase();
    for (const operation of this.operations) {
      if (operation.method !== upper) continue;
      const found = operation.pattern.exec(specPath.replace(/\/+$/, '') || '/');
      if (!found) continue;
      const pathValues = Object.fromEntries(operation.pathNames.map((name, index) => [name, decodeURIComponent(found[index + 1] ?? '')]));
      return { operation, pathValues };
    }
    return undefined;
  }

  checkRequest(request: ContractRequest): { operation?: string; violations: ContractViolation[] } {
    const matched = this.match(request.method, request.specPath);
    if (!matched) {
      const operation = `${request.method.toUpperCase()} ${request.specPath}`;
      return { violations: [this.violation(operation, 'operation', '', 'no such operation', `the paths of ${this.api.file}`)] };
    }
    const { operation, pathValues } = matched;
    const violations: ContractViolation[] = [];
    const add = (part: ContractViolation['part'], field: string, message: string, specText: string, missing = false) =>
      violations.push({ ...this.violation(operation.key, part, field, message, specText), ...(missing ? { missing } : {}) });

    for (const parameter of operation.parameters) {
      const values = this.parameterValues(parameter, request, pathValues);
      if (values.length === 0) {
        if (parameter.required) add(parameter.in, parameter.name, 'required but not sent', parameter.at, true);
        continue;
      }
      if (values.length > 1 && !parameter.repeated) add(parameter.in, parameter.name, `sent ${values.length} times; the spec takes one`, parameter.at);
      const read = (text: string) => coerce(text, parameter.types);
      const value = parameter.repeated ? values.map(read) : read(values[0]!);
      if (!parameter.validate(value)) {
        for (const error of parameter.validate.errors ?? []) add(parameter.in, parameter.name, describe(error), specText(error, parameter.at));
      }
    }
    const declared = new Set(operation.parameters.filter((p) => p.in === 'query').map((p) => p.name));
    for (const name of new Set(request.query.keys())) {
      if (!declared.has(name)) add('query', name, 'not a parameter of this operation', `${operation.key} parameters: ${[...declared].join(', ') || 'none'}`);
    }
    if (operation.security.length > 0 && request.checkCredentials !== false) {
      const present = (name: string) => headerOf(request.headers, name) !== undefined;
      if (!operation.security.some((alternative) => alternative.every(present))) {
        add('header', operation.security.map((names) => names.join(' + ')).join(' or '), 'credentials the operation requires are missing', 'security');
      }
    }
    const accept = headerOf(request.headers, 'accept');
    if (accept && operation.produces.length > 0 && !acceptable(accept, operation.produces)) {
      add('header', 'Accept', `asks for ${accept}, which the operation does not answer in`, `${operation.key} responds in ${operation.produces.join(', ')}`);
    }
    this.checkBody(operation, request.body, add);
    return { operation: operation.key, violations };
  }

  /** `partial`: the request named its `fields`, so the vendor leaves the rest out, required or not. */
  checkResponse(method: string, specPath: string, response: ContractResponse, partial = false): ContractViolation[] {
    const matched = this.match(method, specPath);
    // Failures (4xx/5xx) are not declared by either vendor; only successes are held to the spec.
    if (!matched || response.status < 200 || response.status >= 300) return [];
    const { operation } = matched;
    const declared = operation.responses.get(String(response.status)) ?? operation.responses.get('default');
    if (!declared) {
      const statuses = [...operation.responses.keys()].join(', ');
      return [this.violation(operation.key, 'response status', String(response.status), `not a status the operation answers (${statuses})`, `${operation.key} responses`)];
    }
    if (!declared.validate) return [];
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      return [this.violation(operation.key, 'response body', '', 'not JSON', declared.at)];
    }
    if (declared.validate(body)) return [];
    const errors = (declared.validate.errors ?? []).filter((error) => !(partial && error.keyword === 'required'));
    return errors.map((error) =>
      this.violation(operation.key, 'response body', pointer(error), describe(error), specText(error, declared.at)),
    );
  }

  private checkBody(
    operation: Operation,
    body: unknown,
    add: (part: ContractViolation['part'], field: string, message: string, specText: string, missing?: boolean) => void,
  ): void {
    if (!operation.body) {
      if (body !== undefined) add('request body', '', 'the operation takes no body', `${operation.key}`);
      return;
    }
    if (body === undefined) {
      if (operation.body.required) add('request body', '', 'required but not sent', operation.body.at, true);
      return;
    }
    if (!operation.body.validate(body)) {
      for (const error of operation.body.validate.errors ?? []) {
        add('request body', pointer(error), describe(error), specText(error, operation.body.at), error.keyword === 'required');
      }
    }
    if (operation.body.patchTarget && Array.isArray(body)) this.checkPatch(operation.body.patchTarget, body, add);
  }

  /**
   * A PATCH body is `[{op, path, value}]` whose `value` the spec types loosely; each operation is held
   * to the field of the resource it names: the field must exist and the value must be valid for it.
   */
  private checkPatch(
    target: string,
    operations: unknown[],
    add: (part: ContractViolation['part'], field: string, message: string, specText: string) => void,
  ): void {
    const definition = this.converter.definitions[target];
    const properties = isObject(definition) && isObject(definition.properties) ? definition.properties : {};
    operations.forEach((operation, index) => {
      if (!isObject(operation) || typeof operation.path !== 'string') return;
      const field = operation.path.replace(/^\//, '').split('/')[0] ?? '';
      const at = `/${index}/value`;
      if (!(field in properties)) {
        add('request body', `/${index}/path`, `"${operation.path}" is not a field of ${target}`, `${target} fields: ${fieldList(Object.keys(properties))}`);
        return;
      }
      if (operation.op === 'remove') return;
      const validate = this.fieldValidator(target, field);
      if (!validate(operation.value)) {
        for (const error of validate.errors ?? []) add('request body', at + error.instancePath, describe(error), specText(error, `${target}.${field}`));
      }
    });
  }

  private parameterValues(parameter: Parameter, request: ContractRequest, pathValues: Record<string, string>): string[] {
    if (parameter.in === 'path') return pathValues[parameter.name] === undefined ? [] : [pathValues[parameter.name]!];
    if (parameter.in === 'query') return request.query.getAll(parameter.name);
    const value = headerOf(request.headers, parameter.name);
    return value === undefined ? [] : [value];
  }

  private violation(operation: string, part: ContractViolation['part'], field: string, message: string, spec: string): ContractViolation {
    return { api: this.api.name, operation, part, field, message, specText: spec };
  }

  private readOperations(): void {
    const paths = isObject(this.spec.paths) ? this.spec.paths : {};
    for (const [template, item] of Object.entries(paths)) {
      if (!isObject(item)) continue;
      const shared = Array.isArray(item.parameters) ? item.parameters : [];
      for (const method of httpMethods) {
        const op = item[method];
        if (!isObject(op)) continue;
        this.operations.push(this.operation(method.toUpperCase(), template, op, shared));
      }
    }
  }

  private operation(method: string, template: string, op: Json, shared: unknown[]): Operation {
    const key = `${method} ${template}`;
    const at = `paths.${template}.${method.toLowerCase()}`;
    const pathNames: string[] = [];
    const pattern = new RegExp(
      '^' + template.replace(/\/+$/, '').replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, name: string) => (pathNames.push(name), '([^/]+)')) + '$',
    );
    const own = Array.isArray(op.parameters) ? op.parameters : [];
    const parameters: Parameter[] = [];
    let body: Operation['body'];
    for (const raw of [...shared, ...own]) {
      const parameter = this.resolveParameter(raw);
      const where = `${at}.parameters.${String(parameter.name)}`;
      if (parameter.in === 'body') {
        body = this.body(parameter.schema, parameter.required === true, where);
        continue;
      }
      if (parameter.in !== 'path' && parameter.in !== 'query' && parameter.in !== 'header') continue;
      // Swagger 2 puts the schema keywords on the parameter itself; OpenAPI 3 under `schema`.
      const { name: _n, in: _i, required: _r, description, collectionFormat, ...keywords } = parameter;
      const schema = isObject(parameter.schema) ? parameter.schema : keywords;
      const converted = this.converter.convert({ ...schema, description }, where);
      const existing = parameters.findIndex((p) => p.name === parameter.name && p.in === parameter.in);
      const entry: Parameter = {
        name: String(parameter.name),
        in: parameter.in,
        required: parameter.required === true || parameter.in === 'path',
        repeated: collectionFormat === 'multi' || (parameter.in === 'query' && (schema.type === 'array')),
        types: jsonTypes(schema.type === 'array' && isObject(schema.items) ? schema.items.type : schema.type),
        validate: this.ajv.compile(converted),
        at: where,
      };
      if (existing >= 0) parameters[existing] = entry;
      else parameters.push(entry);
    }
    if (isObject(op.requestBody)) {
      const content = isObject(op.requestBody.content) ? op.requestBody.content : {};
      const json = Object.entries(content).find(([type]) => /json/i.test(type))?.[1];
      if (isObject(json)) body = this.body(json.schema, op.requestBody.required === true, `${at}.requestBody`);
    }
    const responses = new Map<string, { validate?: ValidateFunction; at: string }>();
    for (const [status, response] of Object.entries(isObject(op.responses) ? op.responses : {})) {
      if (!isObject(response)) continue;
      const where = `${at}.responses.${status}`;
      const content = isObject(response.content) ? Object.values(response.content)[0] : undefined;
      const schema = isObject(content) ? content.schema : response.schema;
      responses.set(status, { validate: isObject(schema) ? this.compile(schema, where) : undefined, at: where });
    }
    if (body && responses.get('200') && method === 'PATCH') body.patchTarget = this.patchTarget(op);
    const produces = [
      ...new Set(
        Object.values(isObject(op.responses) ? op.responses : {}).flatMap((response) =>
          isObject(response) && isObject(response.content) ? Object.keys(response.content) : [],
        ),
      ),
    ];
    if (produces.length === 0) produces.push(...stringList(op.produces ?? this.spec.produces));
    return { key, method, template, pattern, pathNames, parameters, body, responses, produces, security: this.security(op) };
  }

  private body(schema: unknown, required: boolean, at: string): NonNullable<Operation['body']> {
    return { required, validate: this.compile(isObject(schema) ? schema : {}, at), at };
  }

  /** The definition a PATCH answers with, when its body is a list of patch operations. */
  private patchTarget(op: Json): string | undefined {
    const responses = isObject(op.responses) ? op.responses : {};
    const ok = isObject(responses['200']) ? responses['200'] : {};
    const content = isObject(ok.content) ? Object.values(ok.content)[0] : undefined;
    const ref = isObject(content) && isObject(content.schema) ? content.schema.$ref : undefined;
    return typeof ref === 'string' ? ref.split('/').at(-1) : undefined;
  }

  /** Compiled once per field: Ajv caches by schema object, and each PATCH would otherwise compile anew (about a millisecond). */
  private fieldValidator(target: string, field: string): ValidateFunction {
    const key = `${target}/${field}`;
    let validate = this.fieldValidators.get(key);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${this.documentId}#/definitions/${target}/properties/${field}` });
      this.fieldValidators.set(key, validate);
    }
    return validate;
  }

  private compile(schema: Json, at: string): ValidateFunction {
    // Its `$ref`s name the spec's document (added in the constructor) absolutely.
    return this.ajv.compile(this.converter.convert(schema, at));
  }

  private resolveParameter(raw: unknown): Json {
    if (!isObject(raw)) return {};
    if (typeof raw.$ref !== 'string') return raw;
    const [, section, name] = /^#\/(parameters|components\/parameters)\/(.+)$/.exec(raw.$ref) ?? [];
    const table = section === 'parameters' ? this.spec.parameters : (this.spec.components as Json | undefined)?.parameters;
    const found = isObject(table) ? table[name ?? ''] : undefined;
    if (!isObject(found)) throw new Error(`${this.api.file}: parameter ${raw.$ref} not found`);
    return found;
  }

  /** Swagger 2 apiKey-in-header requirements; ConnectWise's spec declares no requirement at all. */
  private security(op: Json): string[][] {
    const requirements = Array.isArray(op.security) ? op.security : Array.isArray(this.spec.security) ? this.spec.security : [];
    const schemes = isObject(this.spec.securityDefinitions) ? this.spec.securityDefinitions : {};
    return requirements.filter(isObject).map((requirement) =>
      Object.keys(requirement).flatMap((scheme) => {
        const definition = schemes[scheme];
        return isObject(definition) && definition.type === 'apiKey' && definition.in === 'header' ? [String(definition.name)] : [];
      }),
    );
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Whether an Accept header names one of the media types, parameters (a model version) included. */
function acceptable(accept: string, produces: string[]): boolean {
  const normalise = (type: string) => type.toLowerCase().replace(/\s+/g, '');
  const wanted = accept.split(/,(?![^;]*=[^,;]*")/).map((type) => normalise(type.replace(/;\s*q=[\d.]+/i, '')));
  return wanted.some((type) => type === '*/*' || produces.some((candidate) => normalise(candidate) === type));
}

function headerOf(headers: ContractRequest['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && value !== undefined) return Array.isArray(value) ? value.join(', ') : value;
  }
  return undefined;
}

/** Query, path and header values arrive as text; read one as the type the spec gives it, if it can be. */
function coerce(text: string, types: string[]): unknown {
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(?:\.\d+)?$/.test(text)) return Number(text);
  if (types.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

function jsonTypes(type: unknown): string[] {
  return Array.isArray(type) ? type.map(String) : typeof type === 'string' ? [type] : [];
}

function pointer(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const extra = params.additionalProperty ?? params.missingProperty;
  return typeof extra === 'string' ? `${error.instancePath}/${extra}` : error.instancePath;
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return `"${String(params.additionalProperty)}" is not a field the spec defines here`;
  if (error.keyword === 'required') return `required field "${String(params.missingProperty)}" is missing`;
  if (error.keyword === 'enum') return `${JSON.stringify(error.data)} is not one of ${JSON.stringify(params.allowedValues)}`;
  return `${error.message ?? error.keyword} (got ${JSON.stringify(error.data)?.slice(0, 80)})`;
}

/** What the spec says at the schema that failed: its description, enum or type, and where it stands. */
function specText(error: ErrorObject, fallback: string): string {
  const schema = (error.parentSchema ?? {}) as Json;
  const where = typeof schema['x-spec'] === 'string' ? schema['x-spec'] : fallback;
  const parts: string[] = [];
  const description = schema.description ?? schema['x-spec-context'];
  if (typeof description === 'string' && description.trim()) parts.push(`"${description.trim()}"`);
  if (error.keyword === 'additionalProperties' && isObject(schema.properties)) parts.push(`fields: ${fieldList(Object.keys(schema.properties))}`);
  if (error.keyword === 'required' && Array.isArray(schema.required)) parts.push(`required: ${schema.required.join(', ')}`);
  if (Array.isArray(schema.enum)) parts.push(`enum ${JSON.stringify(schema.enum)}`);
  if (schema.type !== undefined && error.keyword === 'type') parts.push(`type ${JSON.stringify(schema.type)}`);
  return `${where}${parts.length ? ` ${parts.join('; ')}` : ''}`;
}

/** Enough of a schema's field names to spot the intended one without a page of text. */
function fieldList(names: string[]): string {
  return names.length > 30 ? `${names.slice(0, 30).join(', ')}, … (${names.length} in all)` : names.join(', ');
}
