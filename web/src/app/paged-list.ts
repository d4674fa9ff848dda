import type { CombinedError } from '@urql/core';
import { ref, type Ref } from 'vue';
import { describeActionableError, type ActionableError } from './errors';

/** A GraphQL connection page, as every list query of the API returns it. */
export interface Page<Node> {
  nodes: Node[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor?: string | null;
}

export interface PagedListOptions<Node, Data> {
  /** Runs the list query for the page after `after` (undefined: the first page). */
  fetch: (after: string | undefined) => Promise<{ data?: Data; error?: CombinedError }>;
  pageOf: (data: Data) => Page<Node>;
  /** The whole answer of a successful load, for what the query reads besides the list. */
  onLoaded?: (data: Data, reset: boolean) => void;
  onError?: (error: CombinedError | undefined) => void;
}

/**
 * A list read a page at a time: `load(true)` starts over, `load(false)` appends the next page;
 * `upsert` takes a node that changed or arrived live (replaced where it is, or added first).
 */
export function usePagedList<Node extends { id: string }, Data>(options: PagedListOptions<Node, Data>) {
  const nodes = ref([]) as Ref<Node[]>;
  const totalCount = ref(0);
  const hasNextPage = ref(false);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<ActionableError | null>(null);
  let endCursor: string | undefined;

  async function load(reset: boolean): Promise<void> {
    if (loading.value) return;
    loading.value = true;
    error.value = null;
    const result = await options.fetch(reset ? undefined : endCursor);
    loading.value = false;
    if (result.error || !result.data) {
      error.value = describeActionableError(result.error);
      options.onError?.(result.error);
      return;
    }
    const page = options.pageOf(result.data);
    nodes.value = reset ? page.nodes : [...nodes.value, ...page.nodes];
    totalCount.value = page.totalCount;
    hasNextPage.value = page.hasNextPage;
    endCursor = page.endCursor ?? undefined;
    loaded.value = true;
    options.onLoaded?.(result.data, reset);
  }

  function upsert(node: Node): void {
    const index = nodes.value.findIndex((candidate) => candidate.id === node.id);
    if (index >= 0) nodes.value.splice(index, 1, node);
    else {
      nodes.value.unshift(node);
      totalCount.value += 1;
    }
  }

  return { nodes, totalCount, hasNextPage, loading, loaded, error, load, upsert };
}
