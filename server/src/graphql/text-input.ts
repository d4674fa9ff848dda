import { Kind, visit, type DocumentNode } from 'graphql';
import { AppError, ErrorCode } from '../shared/errors.js';
import { MAX_VARIABLES_DEPTH } from './limits.js';

/**
 * Text PostgreSQL cannot store as sent: NUL (refused outright, a 500 otherwise) and unpaired UTF-16
 * surrogates (silently replaced by U+FFFD on the way to the database).
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A path is echoed back as `extensions.field`; a client may send keys of any length. */
const MAX_PATH_CHARS = 300;
const shown = (path: string) => (path.length > MAX_PATH_CHARS ? `${path.slice(0, MAX_PATH_CHARS)}…` : path);

function unstorable(path: string, inKey: boolean): AppError {
  const where = inKey ? `a key in ${shown(path)}` : shown(path);
  const message = `${where} contains a NUL character or broken Unicode (an unpaired surrogate), which cannot be stored`;
  return new AppError(ErrorCode.BadUserInput, message, { field: shown(path) });
}

function tooDeep(path: string): AppError {
  const message = `${shown(path)} is nested more than ${MAX_VARIABLES_DEPTH} levels deep (objects and arrays); send flatter input`;
  return new AppError(ErrorCode.BadUserInput, message, { field: shown(path), limit: MAX_VARIABLES_DEPTH });
}

/**
 * Why an operation's variables cannot run: an object or array nested deeper than the limit, or
 * unstorable text in a value or a key. Walked with a stack of its own, not recursion: the JSON was
 * parsed without a depth limit, and a 300,000-level array must not take the walk's stack down.
 */
export function variablesProblem(variables: unknown): AppError | undefined {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value: variables, path: 'variables', depth: 0 }];
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop()!;
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value)) return unstorable(path, false);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_VARIABLES_DEPTH) return tooDeep(path);
    // Pushed in reverse: the first problem in document order is the one reported.
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index -= 1) pending.push({ value: value[index], path: `${path}[${index}]`, depth: depth + 1 });
      continue;
    }
    const entries = Object.entries(value);
    if (entries.some(([key]) => UNSTORABLE.test(key))) return unstorable(path, true);
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, item] = entries[index]!;
      pending.push({ value: item, path: `${path}.${key}`, depth: depth + 1 });
    }
  }
  return undefined;
}

// Apollo hands back the same parsed document for the same text: each is walked once.
const documentChecks = new WeakMap<DocumentNode, AppError | null>();

/** The same rules for the argument values written in the document itself. */
export function checkDocumentValues(document: DocumentNode): AppError | undefined {
  const known = documentChecks.get(document);
  if (known !== undefined) return known ?? undefined;
  let found: AppError | undefined;
  let depth = 0;
  const nest = {
    enter() {
      depth += 1;
      if (depth > MAX_VARIABLES_DEPTH && !found) found = tooDeep('the document');
    },
    leave() {
      depth -= 1;
    },
  };
  visit(document, {
    [Kind.STRING](node) {
      if (!found && UNSTORABLE.test(node.value)) found = unstorable('the document', false);
    },
    [Kind.LIST]: nest,
    [Kind.OBJECT]: nest,
  });
  documentChecks.set(document, found ?? null);
  return found;
}
