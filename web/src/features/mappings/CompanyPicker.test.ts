import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import { graphqlFetch, mountScreen, type GraphqlRequest } from '../../app/testing';
import CompanyPicker from './CompanyPicker.vue';
import { company } from './test-fixtures';
import type { PickedCompany } from './types';

enableAutoUnmount(afterEach);

/** 60 billable companies, searched by name and paged 25 at a time as ConnectWise does. */
function companiesServer(skipped: { index: number; id: number | null; reason: string }[] = []) {
  const all = Array.from({ length: 60 }, (_, i) => company(19000 + i, `Company ${String(i + 1).padStart(2, '0')}`));
  return graphqlFetch({
    ConnectWiseCompanies: (request: GraphqlRequest) => {
      const { search, first, after } = request.variables as { search?: string; first: number; after?: string };
      const matching = all.filter((c) => !search || c.name.toLowerCase().includes(search.toLowerCase()));
      const start = after ? Number(after) : 0;
      const nodes = matching.slice(start, start + first);
      return {
        data: {
          connectWiseCompanies: {
            nodes,
            hasNextPage: start + first < matching.length,
            endCursor: start + first < matching.length ? String(start + first) : null,
            skipped: start === 0 ? skipped : [],
          },
        },
      };
    },
  });
}

async function mountPicker(server = companiesServer()) {
  const selected = ref<PickedCompany | null>(null);
  const mounted = await mountScreen(CompanyPicker, {
    fetch: server.fetch,
    props: {
      id: 'picker',
      label: 'ConnectWise Company',
      modelValue: selected,
      'onUpdate:modelValue': (value: PickedCompany | null) => (selected.value = value),
    },
  });
  return { ...mounted, server, selected };
}

describe('company picker', () => {
  it('is a labelled combobox that lists billable companies when opened', async () => {
    const { wrapper } = await mountPicker();
    const input = wrapper.get('input#picker');
    expect(input.attributes('role')).toBe('combobox');
    expect(input.attributes('aria-expanded')).toBe('false');
    expect(wrapper.get('label[for="picker"]').text()).toContain('ConnectWise Company');

    await input.trigger('keydown', { key: 'ArrowDown' });
    await flushPromises();

    expect(input.attributes('aria-expanded')).toBe('true');
    expect(wrapper.findAll('[role="option"]')).toHaveLength(25);
    expect(wrapper.get('[role="listbox"]').attributes('id')).toBe(input.attributes('aria-controls'));
    expect(wrapper.text()).toContain('25 companies (scroll for more)');
  });

  it('moves through the options with the arrow keys, loads the next page at the end, and chooses with Enter', async () => {
    const { wrapper, server, selected } = await mountPicker();
    const input = wrapper.get('input#picker');
    await input.trigger('keydown', { key: 'ArrowDown' });
    await flushPromises();

    // Opening makes the first company active; one step down is the second.
    await input.trigger('keydown', { key: 'ArrowDown' });
    const active = input.attributes('aria-activedescendant');
    expect(active).toBe('picker-c-19001');
    expect(wrapper.get(`#${active}`).classes()).toContain('active');

    for (let i = 0; i < 25; i++) await input.trigger('keydown', { key: 'ArrowDown' });
    await flushPromises();
    expect(server.requests.at(-1)?.variables).toEqual({ first: 25, after: '25' });
    expect(wrapper.findAll('[role="option"]')).toHaveLength(50);

    await input.trigger('keydown', { key: 'ArrowUp' });
    await input.trigger('keydown', { key: 'Enter' });
    expect(selected.value).toEqual(company(19023, 'Company 24'));
    expect((input.element as HTMLInputElement).value).toBe('Company 24');
    expect(input.attributes('aria-expanded')).toBe('false');
  });

  it('searches ConnectWise once typing pauses', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { wrapper, server } = await mountPicker();
      const input = wrapper.get('input#picker');
      await input.setValue('Comp');
      await input.setValue('Company 5');
      await vi.advanceTimersByTimeAsync(250);
      await flushPromises();

      const searches = server.requests.map((r) => r.variables.search);
      expect(searches).toEqual(['Company 5']);
      const names = wrapper.findAll('[role="option"] .option-name').map((o) => o.text());
      expect(names).toHaveLength(10);
      expect(names[0]).toBe('Company 50');
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts one matching company in the singular', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { wrapper } = await mountPicker();
      const input = wrapper.get('input#picker');
      await input.setValue('Company 07');
      await vi.advanceTimersByTimeAsync(250);
      await flushPromises();
      expect(wrapper.findAll('[role="option"]')).toHaveLength(1);
      expect(wrapper.get('.popup [role="status"]').text()).toBe('1 company');
    } finally {
      vi.useRealTimers();
    }
  });

  it('says when nothing matches, and Escape restores the chosen name', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { wrapper } = await mountPicker();
      const input = wrapper.get('input#picker');
      await input.setValue('zzz');
      await vi.advanceTimersByTimeAsync(250);
      await flushPromises();
      expect(wrapper.get('.popup [role="status"]').text()).toBe('No billable company matches “zzz”.');

      await input.trigger('keydown', { key: 'Escape' });
      expect((input.element as HTMLInputElement).value).toBe('');
      expect(input.attributes('aria-expanded')).toBe('false');
    } finally {
      vi.useRealTimers();
    }
  });

  it('says how many companies could not be read from ConnectWise and why, still listing the rest', async () => {
    const server = companiesServer([
      { index: 7, id: 19999, reason: 'name: Invalid input: expected string, received null' },
      { index: 12, id: null, reason: 'id: Invalid input: expected number, received undefined' },
    ]);
    const { wrapper } = await mountPicker(server);
    await wrapper.get('input#picker').trigger('click');
    await flushPromises();

    expect(wrapper.findAll('[role="option"]')).toHaveLength(25);
    const notice = wrapper.get('#picker-skipped');
    expect(notice.text()).toContain('2 of the companies could not be read from ConnectWise Manage and are not listed.');
    expect(notice.text()).toContain('Company 19999: name: Invalid input: expected string, received null');
    expect(notice.text()).toContain('Company in position 13: id: Invalid input');
  });

  it('shows no notice when every company was read', async () => {
    const { wrapper } = await mountPicker();
    await wrapper.get('input#picker').trigger('click');
    await flushPromises();

    expect(wrapper.find('#picker-skipped').exists()).toBe(false);
  });
});
