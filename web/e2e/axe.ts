import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';
import { artifacts } from './browser';

/** axe-core's browser bundle, as a script; the engine itself runs in the page. */
const axeSource: string = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** WCAG 2.1 A and AA, plus axe's best practices. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
type Impact = 'minor' | 'moderate' | 'serious' | 'critical';
const IMPACTS: Impact[] = ['minor', 'moderate', 'serious', 'critical'];
const FAILING: Impact[] = ['serious', 'critical'];
interface AxeInPage {
  run: (context: Document, options: object) => Promise<AxeResults>;
}

export const summaryFile = path.join(artifacts, 'axe-summary.json');

export interface ScreenSummary {
  violations: Record<Impact, number>;
  /** Rule id → impact and the number of elements, for every violation, whatever its impact. */
  rules: Record<string, { impact: Impact | null; nodes: number }>;
  /** Rule id → the elements axe could not decide on (e.g. text over a translucent layer), for a person to look at. */
  needsReview: Record<string, string[]>;
}

/**
 * Runs axe on the page as it is now, records the screen's violations by impact in
 * web/.artifacts/axe-summary.json, and returns the serious and critical ones, one readable line each
 * (rule, impact, help, the first few elements): the test expects none.
 */
export async function seriousViolations(page: Page, screen: string): Promise<string[]> {
  // Evaluated over the debugging protocol, so the app's Content-Security-Policy (script-src 'self') does not apply.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const results = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: AxeInPage }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    TAGS,
  );
  await record(screen, results);
  return results.violations.filter((violation) => violation.impact && FAILING.includes(violation.impact)).map(oneLine);
}

function oneLine(violation: Result): string {
  return `${violation.id} [${violation.impact}] ${violation.help}: ${targets(violation).join(', ')}`;
}

/** The first three elements' selectors, and how many more. */
function targets(result: Result): string[] {
  const first = result.nodes.slice(0, 3).map((node) => node.target.join(' '));
  return result.nodes.length > 3 ? [...first, `+${result.nodes.length - 3} more`] : first;
}

async function record(screen: string, results: AxeResults) {
  const summary: ScreenSummary = {
    violations: Object.fromEntries(IMPACTS.map((impact) => [impact, 0])) as Record<Impact, number>,
    rules: {},
    needsReview: Object.fromEntries(results.incomplete.map((result) => [result.id, targets(result)])),
  };
  for (const violation of results.violations) {
    if (violation.impact) summary.violations[violation.impact] += 1;
    summary.rules[violation.id] = { impact: violation.impact ?? null, nodes: violation.nodes.length };
  }
  // Test files run one after another (fileParallelism: false), each adding its screens.
  let all: Record<string, ScreenSummary> = {};
  try {
    all = JSON.parse(await readFile(summaryFile, 'utf8')) as Record<string, ScreenSummary>;
  } catch {
    // The first screen of the run.
  }
  all[screen] = summary;
  await writeFile(summaryFile, `${JSON.stringify(all, null, 2)}\n`);
}
