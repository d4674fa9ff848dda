import type { SyncOutcome, SyncRunStatus, SyncTrigger } from '../../gql/graphql';
import { formatCount, formatMoney } from '../../components/format';

export type Tone = 'ok' | 'bad' | 'wait' | 'neutral';

const statusLabels: Record<SyncRunStatus, string> = {
  QUEUED: 'Queued',
  RUNNING: 'Running',
  SUCCEEDED: 'Succeeded',
  PARTIAL: 'Partly failed',
  FAILED: 'Failed',
};

export function runStatusLabel(status: SyncRunStatus): string {
  return statusLabels[status] ?? status;
}

export function runStatusTone(status: SyncRunStatus): Tone {
  if (status === 'SUCCEEDED') return 'ok';
  if (status === 'FAILED' || status === 'PARTIAL') return 'bad';
  return 'wait';
}

export function isRunFinished(status: SyncRunStatus): boolean {
  return status === 'SUCCEEDED' || status === 'PARTIAL' || status === 'FAILED';
}

const triggerLabels: Record<SyncTrigger, string> = { MANUAL: 'Sync now', SCHEDULE: 'Daily', RETRY: 'Retry' };

export function triggerLabel(trigger: SyncTrigger): string {
  return triggerLabels[trigger] ?? trigger;
}

export function outcomeLabel(outcome: SyncOutcome, preview = false): string {
  switch (outcome) {
    case 'UPDATED':
      return preview ? 'Would update' : 'Updated';
    case 'UNCHANGED':
      return 'Unchanged';
    case 'SKIPPED':
      return preview ? 'Would skip' : 'Skipped';
    default:
      return preview ? 'Would fail' : 'Failed';
  }
}

export function outcomeTone(outcome: SyncOutcome): Tone {
  if (outcome === 'UPDATED') return 'ok';
  if (outcome === 'FAILED') return 'bad';
  return 'neutral';
}

/** "10 → 42", "42" when nothing changes, "—" when unknown. */
export function change(previous: number | null | undefined, next: number | null | undefined, money = false): string {
  const format = (value: number) => (money ? formatMoney(value) : formatCount(value));
  if (previous == null && next == null) return '—';
  if (previous == null) return `— → ${format(next!)}`;
  if (next == null || previous === next) return format(previous);
  return `${format(previous)} → ${format(next)}`;
}

/** Organizations done so far: every outcome counts. */
export function doneCount(run: { updated: number; unchanged: number; skipped: number; failed: number }): number {
  return run.updated + run.unchanged + run.skipped + run.failed;
}
