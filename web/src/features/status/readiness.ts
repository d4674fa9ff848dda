/** What `GET /readyz` reports, reshaped for display. */
export interface Readiness {
  ready: boolean;
  checks: ReadinessCheck[];
}

export interface ReadinessCheck {
  /** The key the server uses (`postgres`, `mongodb`, `migrations`, …). */
  name: string;
  ok: boolean;
  error?: string;
  /** Migrations not yet applied (the `migrations` check only). */
  pending?: number;
}

const labels: Record<string, string> = {
  postgres: 'PostgreSQL',
  mongodb: 'MongoDB (job queue)',
  migrations: 'Database migrations',
};

export function checkLabel(name: string): string {
  return labels[name] ?? name;
}

/**
 * The server answers 200 when ready and 503 when not, with the same JSON body either way; any other answer is
 * reported as an error.
 */
export async function fetchReadiness(fetchFn: typeof fetch = fetch): Promise<Readiness> {
  const response = await fetchFn('/readyz', { headers: { accept: 'application/json' }, cache: 'no-store' });
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new Error(`The server answered ${response.status} without a readiness report.`);
  }
  return parseReadiness(body, response.status);
}

export function parseReadiness(body: unknown, status: number): Readiness {
  if (!isRecord(body) || (body.status !== 'ready' && body.status !== 'not-ready') || !isRecord(body.checks)) {
    throw new Error(`The server answered ${status} with an unexpected readiness report.`);
  }
  const checks = Object.entries(body.checks).map(([name, check]): ReadinessCheck => {
    if (!isRecord(check)) return { name, ok: false, error: 'No details reported.' };
    return {
      name,
      ok: check.ok === true,
      error: typeof check.error === 'string' ? check.error : undefined,
      pending: typeof check.pending === 'number' ? check.pending : undefined,
    };
  });
  return { ready: body.status === 'ready', checks };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
