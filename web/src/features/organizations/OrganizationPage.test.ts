import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { graphqlError, graphqlFetch, mountScreen } from '../../app/testing';
import OrganizationPage from './OrganizationPage.vue';

/** uPlot draws on a canvas, which happy-dom lacks: a stand-in records what each chart was given. */
const charts = vi.hoisted(() => [] as { data: unknown[][]; destroyed: boolean; width: number }[]);
vi.mock('uplot', () => {
  class FakeUplot {
    static paths = { bars: () => () => null, stepped: () => () => null };
    record: { data: unknown[][]; destroyed: boolean; width: number };
    width: number;
    constructor(options: { width: number }, data: unknown[][], target: HTMLElement) {
      this.width = options.width;
      this.record = { data, destroyed: false, width: options.width };
      charts.push(this.record);
      target.appendChild(document.createElement('canvas'));
    }
    setData(data: unknown[][]) {
      this.record.data = data;
    }
    setSize({ width }: { width: number }) {
      this.width = width;
    }
    destroy() {
      this.record.destroyed = true;
    }
  }
  return { default: FakeUplot };
});

enableAutoUnmount(afterEach);
beforeEach(() => {
  charts.length = 0;
});

function organization(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'Organization',
    id: 'org-1',
    name: 'Acme Dental',
    externalId: 'jc-acme',
    active: true,
    currentUserCount: 40,
    currentUserCountObservedAt: '2026-11-20T10:00:00.000Z',
    costPerSeat: 3.5,
    monthlyUsage: {
      __typename: 'MonthlyUsage',
      month: '2026-11',
      highWatermark: 42,
      syncedQuantity: 42,
      syncedAt: '2026-11-20T12:00:00.000Z',
    },
    recentMonths: [
      { __typename: 'MonthlyUsage', month: '2026-01', highWatermark: 30, syncedQuantity: 30, syncedAt: '2026-01-31T12:00:00.000Z' },
      { __typename: 'MonthlyUsage', month: '2026-10', highWatermark: 37, syncedQuantity: 36, syncedAt: '2026-10-31T12:00:00.000Z' },
      { __typename: 'MonthlyUsage', month: '2026-11', highWatermark: 42, syncedQuantity: 42, syncedAt: '2026-11-20T12:00:00.000Z' },
    ],
    usageHistory: [
      { __typename: 'DailyUsage', day: '2026-10-30', maxCount: 37 },
      { __typename: 'DailyUsage', day: '2026-11-01', maxCount: 38 },
      { __typename: 'DailyUsage', day: '2026-11-02', maxCount: 40 },
      { __typename: 'DailyUsage', day: '2026-11-14', maxCount: 42 },
      { __typename: 'DailyUsage', day: '2026-11-20', maxCount: 40 },
    ],
    mapping: {
      __typename: 'Mapping',
      companyName: 'Acme Dental LLC',
      agreementName: 'Managed Services',
      additionName: 'JumpCloud seats',
      lastSyncedAt: '2026-11-20T12:00:00.000Z',
      lastSyncStatus: 'SUCCESS',
      lastError: null,
      needsAttention: false,
    },
    ...overrides,
  };
}

async function openPage(answer: Parameters<typeof graphqlFetch>[0][string], id = 'org-1') {
  const server = graphqlFetch({ OrganizationUsage: answer });
  const mounted = await mountScreen(OrganizationPage, { fetch: server.fetch });
  await mounted.router.push({ name: 'organization', params: { id } });
  await flushPromises();
  return { ...mounted, ...server };
}

function rowsOf(table: Element): string[][] {
  return [...table.querySelectorAll('tbody tr')].map((row) =>
    [...row.querySelectorAll('th, td')].map((cell) => cell.textContent?.trim() ?? ''),
  );
}

describe('OrganizationPage', () => {
  it('explains the bill: the sentence and the numbers behind it', async () => {
    const { wrapper, requests } = await openPage(() => ({ data: { organization: organization() } }));

    expect(requests[0]?.variables.id).toBe('org-1');
    expect(wrapper.get('h1').text()).toBe('Acme Dental');
    expect(wrapper.text()).toContain('jc-acme');
    expect(wrapper.get('[data-testid="bill-sentence"]').text()).toBe(
      'ConnectWise was sent 42 for November: the highest user count this month, reached on Nov 14.',
    );
    const summary = Object.fromEntries(
      wrapper.findAll('dt').map((dt) => [dt.text(), (dt.element.nextElementSibling?.textContent ?? '').replace(/\s+/g, ' ').trim()]),
    );
    expect(summary['Users now']).toMatch(/^40 \(counted /);
    expect(summary['High watermark this month']).toBe('42 (reached Nov 14)');
    expect(summary['Written to ConnectWise']).toMatch(/^42 \(/);
    expect(summary['Cost per seat']).toBe('3.50');
    expect(summary.ConnectWise).toBe('Acme Dental LLC → Managed Services → JumpCloud seats');
  });

  it('lists the same numbers as the charts in tables', async () => {
    const { wrapper } = await openPage(() => ({ data: { organization: organization() } }));

    const [monthTable, yearTable] = wrapper.findAll('table').map((t) => t.element);
    // Each day of November up to the last count; October's day is not this month's.
    const days = rowsOf(monthTable!);
    expect(days).toHaveLength(20);
    expect(days[0]).toEqual(['Nov 1', '38', '38']);
    expect(days[2]).toEqual(['Nov 3', 'No count', '40']);
    expect(days[13]).toEqual(['Nov 14', '42', '42']);
    expect(days[19]).toEqual(['Nov 20', '40', '42']);
    expect(monthTable!.querySelector('caption')?.textContent).toContain('Written to ConnectWise: 42.');

    // Twelve months up to this one, with the months the API left out shown as gaps.
    const months = rowsOf(yearTable!);
    expect(months).toHaveLength(12);
    expect(months[0]).toEqual(['Dec 2025', 'No count', 'Not written']);
    expect(months[1]).toEqual(['Jan 2026', '30', '30']);
    expect(months[2]).toEqual(['Feb 2026', 'No count', 'Not written']);
    expect(months[10]).toEqual(['Oct 2026', '37', '36']);
    expect(months[11]).toEqual(['Nov 2026', '42', '42']);
  });

  it('draws both charts as labelled images, and removes them when the page closes', async () => {
    const { wrapper } = await openPage(() => ({ data: { organization: organization() } }));

    const month = wrapper.get('[data-testid="usage-month-chart"]');
    expect(month.attributes('role')).toBe('img');
    expect(month.attributes('aria-label')).toBe(
      'Daily user counts for November 2026: high watermark 42 reached Nov 14; 42 written to ConnectWise',
    );
    expect(month.find('canvas').exists()).toBe(true);
    const year = wrapper.get('[data-testid="usage-year-chart"]');
    expect(year.attributes('aria-label')).toContain('highest 42 in Nov 2026');

    const live = charts.filter((c) => !c.destroyed);
    expect(live).toHaveLength(2);
    // The month chart: days 1–30, counts with gaps, the running watermark and the written quantity.
    const monthData = live.find((c) => c.data.length === 4)!.data;
    expect(monthData[0]).toHaveLength(30);
    expect(monthData[1]!.slice(0, 3)).toEqual([38, 40, null]);
    expect(monthData[2]!.slice(13, 15)).toEqual([42, 42]);
    expect(monthData[3]![0]).toBe(42);

    wrapper.unmount();
    expect(charts.every((c) => c.destroyed)).toBe(true);
  });

  it('says nothing was written yet, and links an unmapped organization to its mapping', async () => {
    const unsynced = organization({
      monthlyUsage: { __typename: 'MonthlyUsage', month: '2026-11', highWatermark: 42, syncedQuantity: null, syncedAt: null },
      mapping: null,
    });
    const { wrapper } = await openPage(() => ({ data: { organization: unsynced } }));

    expect(wrapper.text()).toContain('Not written yet — the daily sync runs at 12:00');
    expect(wrapper.get('[data-testid="bill-sentence"]').text()).toContain('not mapped to a ConnectWise addition');
    const link = wrapper.findAll('a').find((a) => a.text().includes('Companies & Agreements'));
    expect(link?.attributes('href')).toBe('/companies');
  });

  it('shows why the last sync needs attention', async () => {
    const failing = organization({
      mapping: { ...organization().mapping, needsAttention: true, lastError: 'The addition was cancelled in ConnectWise' },
    });
    const { wrapper } = await openPage(() => ({ data: { organization: failing } }));

    expect(wrapper.text()).toContain('Needs attention: The addition was cancelled in ConnectWise');
  });

  it('says there is no such organization, with a way back to the list', async () => {
    const { wrapper } = await openPage(
      () => graphqlError('organization not found', { code: 'NOT_FOUND', field: 'organizationId' }),
      'org-other',
    );

    expect(wrapper.get('h1').text()).toBe('No such organization');
    expect(wrapper.find('[data-testid="usage-month-chart"]').exists()).toBe(false);
    const back = wrapper.findAll('a').filter((a) => a.attributes('href') === '/organizations');
    expect(back.length).toBeGreaterThan(0);
  });

  it('shows a failed read as an error to act on', async () => {
    const { wrapper } = await openPage(() =>
      graphqlError('boom', { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-9' }),
    );

    expect(wrapper.get('[role="alert"]').text()).toContain('The server failed unexpectedly');
    expect(wrapper.text()).not.toContain('Loading…');
  });
});
