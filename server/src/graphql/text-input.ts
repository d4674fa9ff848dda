import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { Context } from './context.js';

/**
 * Text PostgreSQL cannot store as sent: NUL (refused outright, a 500 otherwise) and unpaired UTF-16
 * surrogates (silently replaced by U+FFFD on the way to the database).
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The path of the first string in `value` PostgreSQL could not store faithfully, if any. */
export function unstorableTextPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = unstorableTextPath(item, `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = unstorableTextPath(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

// Apollo hands back the same parsed document for the same text: each is walked once.
const literalChecks = new WeakMap<DocumentNode, boolean>();

function unstorableLiteral(document: DocumentNode): boolean {
  const known = literalChecks.get(document);
  if (known !== undefined) return known;
  let found = false;
  visit(document, {
    [Kind.STRING](node) {
      if (UNSTORABLE.test(node.value)) found = true;
    },
  });
  literalChecks.set(document, found);
  return found;
}

/** Refuses any operation carrying such text, in variables or inline, before it runs: one check for every mutation. */
export const textInputPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document }) {
        const path = unstorableTextPath(request.variables ?? {}, 'variables') ?? (unstorableLiteral(document) ? 'the document' : undefined);
        if (!path) return;
        const message = `${path} contains a NUL character or broken Unicode (an unpaired surrogate), which cannot be stored`;
        throw new GraphQLError(message, {
          originalError: new AppError(ErrorCode.BadUserInput, message, { field: path }),
          extensions: { http: { status: 400 } },
        });
      },
    };
  },
};
