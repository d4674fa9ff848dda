import type { Reporter, TestModule } from 'vitest/node';

declare module 'vitest' {
  interface TaskMeta {
    /** Fault suite: organizations, events or rows that should exist and do not. */
    dataLost?: number;
    /** Fault suite: things that should exist once and exist more often (tickets, results). */
    duplicates?: number;
  }
}

/** `pnpm --filter server test:faults` prints, after vitest's own report, one row per fault case. */
export default class FaultsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const rows = testModules.flatMap((module) =>
      [...module.children.allTests()].map((test) => {
        const meta = test.meta();
        const measured = (value: number | undefined) => (value === undefined ? '–' : String(value));
        return { name: test.fullName, state: test.result().state, lost: measured(meta.dataLost), duplicates: measured(meta.duplicates) };
      }),
    );
    if (rows.length === 0) return;
    const passed = rows.filter((row) => row.state === 'passed').length;
    const width = Math.min(100, Math.max(...rows.map((row) => row.name.length)));
    const line = (name: string, state: string, lost: string, duplicates: string) => `${name.slice(0, width).padEnd(width)}  ${state.padEnd(7)}  ${lost.padStart(9)}  ${duplicates.padStart(10)}`;
    const out = ['', 'Fault suite', line('case', 'result', 'data lost', 'duplicates'), ...rows.map((row) => line(row.name, row.state, row.lost, row.duplicates))];
    out.push(`${passed} of ${rows.length} cases passed; data lost ${sum(rows, 'lost')}, duplicates ${sum(rows, 'duplicates')} (both must be 0)`, '');
    process.stdout.write(out.join('\n') + '\n');
  }
}

function sum(rows: { lost: string; duplicates: string }[], key: 'lost' | 'duplicates'): number {
  return rows.reduce((total, row) => total + (row[key] === '–' ? 0 : Number(row[key])), 0);
}
