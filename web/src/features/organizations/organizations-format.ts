/** What the Organizations list shows and accepts, kept apart from the page so its rules read on their own. */

/** The server's bounds for a cost per seat (setCostPerSeat answers BAD_USER_INPUT outside them). */
export const MAX_COST_PER_SEAT = 1_000_000;
const MAX_DECIMALS = 4;

export type CostParse = { ok: true; amount: number } | { ok: false; message: string };

/**
 * Reads what the admin typed as a cost per seat, with the server's rules (0 to 1,000,000, at most four
 * decimals), so a typo is caught before anything is sent. Thousands separators are allowed ("1,250.50");
 * a currency sign in front is forgiven.
 */
export function parseCostPerSeat(text: string): CostParse {
  const cleaned = text.trim().replace(/^\$/, '').replace(/,/g, '');
  if (cleaned === '') return { ok: false, message: 'Enter a cost per seat, e.g. 8.50.' };
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(cleaned)) {
    return { ok: false, message: 'Enter the cost per seat as a number, e.g. 8.50.' };
  }
  const decimals = cleaned.split('.')[1]?.length ?? 0;
  if (decimals > MAX_DECIMALS) return { ok: false, message: 'Use at most 4 decimal places.' };
  const amount = Number(cleaned);
  if (!Number.isFinite(amount) || amount > MAX_COST_PER_SEAT) {
    return { ok: false, message: 'The cost per seat can be at most 1,000,000.' };
  }
  return { ok: true, amount };
}

export interface MappingSummary {
  companyName: string;
  agreementName: string;
  additionName: string;
  lastError?: string | null;
  needsAttention: boolean;
}

export interface MappingStatus {
  tone: 'ok' | 'bad' | 'neutral';
  label: string;
  /** The company · agreement · addition it bills through. */
  target: string | null;
  /** Why it needs attention: the last sync's error. */
  error: string | null;
}

export function mappingStatus(mapping: MappingSummary | null | undefined): MappingStatus {
  if (!mapping) return { tone: 'neutral', label: 'Not mapped', target: null, error: null };
  const target = `${mapping.companyName} · ${mapping.agreementName} · ${mapping.additionName}`;
  if (mapping.needsAttention) return { tone: 'bad', label: 'Needs attention', target, error: mapping.lastError ?? null };
  return { tone: 'ok', label: 'Mapped', target, error: null };
}
