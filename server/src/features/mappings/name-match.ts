import { distance } from 'fastest-levenshtein';

const LEGAL_SUFFIXES = new Set(['inc', 'incorporated', 'llc', 'ltd', 'limited', 'corp', 'corporation', 'co', 'company', 'gmbh', 'plc', 'lp', 'llp', 'the', 'pty', 'sa', 'ag', 'bv']);

/** "Acme, Inc." and "ACME Inc" become "acme": case, punctuation, accents and legal suffixes go. */
export function normaliseCompanyName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((word) => word && !LEGAL_SUFFIXES.has(word))
    .join(' ');
}

/** Similarity from 0 to 1 of two names after normalising: 1 − edit distance ÷ longer length. */
export function nameSimilarity(a: string, b: string): number {
  const left = normaliseCompanyName(a);
  const right = normaliseCompanyName(b);
  if (!left || !right) return 0;
  if (left === right) return 1;
  const longer = Math.max(left.length, right.length);
  const score = 1 - distance(left, right) / longer;
  // A name that contains the other whole ("Acme" in "Acme Holdings") is a likely match.
  const contained = left.includes(right) || right.includes(left) ? 0.15 : 0;
  return Math.min(0.99, Math.max(0, score + contained));
}
