import type { FuzzFailure, FuzzTally } from './runner.js';
import { serialize, truncate } from './serialize.js';

const ORDER = ['refused but changed data', 'HTTP 5xx', 'no answer', 'socket closed', 'internal error'];

interface Group {
  key: string;
  count: number;
  examples: FuzzFailure[];
}

/** Failures grouped by field, input kind, transport and error, largest first. */
export function groupFailures(failures: FuzzFailure[]): Group[] {
  const groups = new Map<string, Group>();
  for (const failure of failures) {
    const { op } = failure;
    // Error messages can hold ids; the first 120 characters keep groups apart without splitting them per id.
    const key = `${failure.kind} | ${op.field} | ${op.kind} | ${op.transport}${op.auth === 'admin' ? '' : ` (${op.auth})`}${op.copies > 1 ? ' ×4 at once' : ''} | ${truncate(failure.error, 120)}`;
    const group = groups.get(key) ?? { key, count: 0, examples: [] };
    group.count += 1;
    if (group.examples.length < 2) group.examples.push(failure);
    groups.set(key, group);
  }
  // Rarer, worse kinds first (a write by a refused request, a 5xx), then the largest groups.
  const rank = (group: Group) => ORDER.findIndex((kind) => group.key.startsWith(kind));
  return [...groups.values()].sort((a, b) => rank(a) - rank(b) || b.count - a.count);
}

/** What a developer needs to reproduce a failing group: the document and variables (truncated). */
export function describeFailures(failures: FuzzFailure[], maxGroups = 1_000): string {
  const groups = groupFailures(failures);
  const lines = [`${failures.length} failing operations in ${groups.length} groups (kind | field | input | transport | error):`];
  for (const group of groups.slice(0, maxGroups)) {
    lines.push(`  ${group.count}× ${group.key}`);
    for (const { op } of group.examples) {
      lines.push(`      document:  ${truncate(op.rawPayload ?? op.document, 400)}`);
      if (op.rawPayload === undefined && op.variables !== undefined) lines.push(`      variables: ${truncate(serialize(op.variables), 400)}`);
      if (op.operationName) lines.push(`      operationName: ${op.operationName}`);
    }
  }
  if (groups.length > maxGroups) lines.push(`  … and ${groups.length - maxGroups} more groups`);
  return lines.join('\n');
}

export function summarize(tally: FuzzTally, seed: number, ms: number): string {
  return (
    `fuzz: seed ${seed}, ${tally.operations} operations (${tally.http} HTTP, ${tally.ws} graphql-ws) in ${(ms / 1000).toFixed(1)} s; ` +
    `internal errors ${tally.internalErrors}, HTTP 5xx ${tally.serverErrors}, refused requests that changed data ${tally.refusedChangedData}; ` +
    `row counts compared around ${tally.refusedMutationsChecked} of ${tally.refusedMutations} refused mutations. Reproduce with FUZZ_SEED=${seed}.`
  );
}
