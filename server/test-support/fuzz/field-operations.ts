import fc from 'fast-check';
import { isNonNullType, type GraphQLField } from 'graphql';
import { faultyValue, OMIT, SAFE_JUMPCLOUD_URL, validValue, type FuzzPools } from './arguments.js';
import { literal } from './literal.js';
import type { FuzzOperation } from './operation.js';
import { selectionFor } from './selection.js';
import { RawJson } from './values.js';

export type FieldOperation = Pick<FuzzOperation, 'field' | 'kind' | 'operationType' | 'document' | 'variables'>;

/**
 * An operation on one root field: its arguments valid (1 in 4), or one of them wrong somewhere, each
 * sent as a variable or (1 in 4) written inline.
 */
export function fieldOperation(operationType: FuzzOperation['operationType'], field: GraphQLField<unknown, unknown>, pools: FuzzPools): fc.Arbitrary<FieldOperation> {
  const { args } = field;
  const values = fc.tuple(...args.map((arg) => (isNonNullType(arg.type) ? validValue(arg.type, arg.name, pools) : fc.oneof(validValue(arg.type, arg.name, pools), fc.constant(OMIT)))));
  const fault =
    args.length === 0
      ? fc.constant(undefined)
      : fc.option(
          fc.integer({ min: 0, max: args.length - 1 }).chain((at) => faultyValue(args[at]!.type, args[at]!.name, pools).map((generated) => ({ at, ...generated }))),
          { freq: 4, nil: undefined },
        );
  const inline = fc.array(fc.integer({ min: 0, max: 3 }).map((n) => n === 0), { minLength: args.length, maxLength: args.length });
  return fc.tuple(values, fault, inline, selectionFor(field.type, pools)).map(([generated, wrong, inlined, selection]) => {
    const argValues = [...generated];
    if (wrong) argValues[wrong.at] = wrong.value;
    makeSafe(field.name, args.map((arg) => arg.name), argValues, pools);
    const definitions: string[] = [];
    const argTexts: string[] = [];
    const variables: Record<string, unknown> = {};
    let wrongInline = false;
    args.forEach((arg, i) => {
      const value = argValues[i];
      if (value === OMIT) return;
      const text = inlined[i] ? literal(value, arg.type) : undefined;
      if (text !== undefined) {
        argTexts.push(`${arg.name}: ${text}`);
        if (wrong?.at === i) wrongInline = true;
        return;
      }
      definitions.push(`$${arg.name}: ${String(arg.type)}`);
      argTexts.push(`${arg.name}: $${arg.name}`);
      variables[arg.name] = value;
    });
    const head = definitions.length > 0 ? `${operationType}(${definitions.join(', ')})` : operationType;
    const call = argTexts.length > 0 ? `${field.name}(${argTexts.join(', ')})` : field.name;
    const rootKind = wrong ? `${args[wrong.at]!.name}: ${wrong.kind}${wrongInline ? ' (inline)' : ''}` : 'valid';
    const kind = selection.faults.length > 0 ? `${rootKind}; nested ${selection.faults.join(', ')}` : rootKind;
    const root = operationType === 'query' ? 'Query' : operationType === 'mutation' ? 'Mutation' : 'Subscription';
    return { field: `${root}.${field.name}`, kind, operationType, document: `${head} { ${call} ${selection.text} }`, variables };
  });
}

const HOST = /^[a-z0-9.-]+(:\d{1,5})?$/i;

/**
 * Keeps generated requests on this machine and the run's coverage intact: a `site` that would pass
 * the host check is the simulator's (anything else could be looked up in DNS), JumpCloud base URLs are
 * always a closed loopback port (a missing one means JumpCloud's public API), and the integration is
 * never disabled for real (the rest of the run would lose its ConnectWise paths).
 */
function makeSafe(fieldName: string, argNames: string[], values: unknown[], pools: FuzzPools): void {
  const confirm = argNames.indexOf('confirm');
  if (fieldName === 'disableConnectWiseIntegration' && confirm >= 0 && values[confirm] === true) values[confirm] = false;
  values.forEach((value) => visit(value, pools));
}

function visit(value: unknown, pools: FuzzPools): void {
  if (value === null || typeof value !== 'object' || value instanceof RawJson) return;
  if (Array.isArray(value)) {
    // A huge list repeats one element: looking at the distinct ones is enough.
    for (const item of new Set(value)) visit(item, pools);
    return;
  }
  const object = value as Record<string, unknown>;
  if (typeof object.site === 'string' && HOST.test(object.site.trim()) && object.site.trim().toLowerCase() !== pools.credentials.site.toLowerCase()) object.site = pools.credentials.site;
  if ('providerId' in object) {
    for (const key of ['baseUrl', 'insightsBaseUrl']) if (!isHarmlessUrl(object[key])) object[key] = SAFE_JUMPCLOUD_URL;
  }
  for (const item of Object.values(object)) visit(item, pools);
}

/** Refused by the URL check, or pointing at the closed loopback port. */
function isHarmlessUrl(value: unknown): boolean {
  if (typeof value !== 'string') return value !== null && value !== undefined;
  const text = value.trim();
  if (!text) return false;
  try {
    const url = new URL(text);
    return url.protocol !== 'https:' || url.hostname === '127.0.0.1';
  } catch {
    return true;
  }
}
