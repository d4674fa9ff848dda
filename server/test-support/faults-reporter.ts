import type { Reporter, TestModule } from 'vitest/node';

declare module 'vitest' {
  interface TaskMeta {
    /** Fault suite: organizations, events or rows that should exist and do not. */
    dataLost?: number;
    /** Fault suite: things that should exist once and exist more often (tickets, results). */
    duplicates?: number;
    /** Fault suite, fuzz case: requests sent, and how many ended badly. */
    fuzz?: {
      operations: number;
      /** INTERNAL_SERVER_ERROR answers, and graphql-ws sockets closed with 4500/1011. */
      internalErrors: number;
      /** HTTP answers with a 5xx status. */
      serverErrors: number;
      /** Refused requests after which a provider-owned table had more or fewer rows. */
      refusedChangedData: number;
    };
  }
}

const COLUMNS = [
  { title: 'data lost', key: 'lost' },
  { title: 'duplicates', key: 'duplicates' },
  { title: 'operations', key: 'operations' },
  { title: 'internal errors', key: 'internal' },
  { title: '5xx', key: 'serverErrors' },
  { title: 'refused wrote', key: 'refusedWrote' },
] as const;
type Key = (typeof COLUMNS)[number]['key'];

/** `pnpm --filter server test:faults` prints, after vitest's own report, one row per fault case. */
export default class FaultsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const rows = testModules.flatMap((module) =>
      [...module.children.allTests()].map((test) => {
        const meta = test.meta();
        const values: Record<Key, number | undefined> = {
          lost: meta.dataLost,
          duplicates: meta.duplicates,
          operations: meta.fuzz?.operations,
          internal: meta.fuzz?.internalErrors,
          serverErrors: meta.fuzz?.serverErrors,
          refusedWrote: meta.fuzz?.refusedChangedData,
        };
        return { name: test.fullName, state: test.result().state, values };
      }),
    );
    if (rows.length === 0) return;
    const passed = rows.filter((row) => row.state === 'passed').length;
    const width = Math.min(100, Math.max(...rows.map((row) => row.name.length)));
    const measured = (value: number | undefined) => (value === undefined ? '–' : String(value));
    const line = (name: string, state: string, cells: string[]) =>
      [name.slice(0, width).padEnd(width), state.padEnd(7), ...cells.map((cell, i) => cell.padStart(COLUMNS[i]!.title.length))].join('  ');
    const out = [
      '',
      'Fault suite',
      line(
        'case',
        'result',
        COLUMNS.map((column) => column.title),
      ),
      ...rows.map((row) => line(row.name, row.state, COLUMNS.map((column) => measured(row.values[column.key])))),
    ];
    const sum = (key: Key) => rows.reduce((total, row) => total + (row.values[key] ?? 0), 0);
    out.push(
      `${passed} of ${rows.length} cases passed; data lost ${sum('lost')}, duplicates ${sum('duplicates')}, ` +
        `internal errors ${sum('internal')}, 5xx ${sum('serverErrors')}, refused requests that changed data ${sum('refusedWrote')} (all must be 0); ` +
        `${sum('operations')} fuzz operations`,
      '',
    );
    process.stdout.write(out.join('\n') + '\n');
  }
}
