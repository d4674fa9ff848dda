import type { AppPubSub } from '../../graphql/pubsub.js';
import type { Viewer } from './auth.service.js';

/** Published when a token is revoked: every server process forgets it and closes its websockets. */
export const API_TOKEN_REVOKED = 'API_TOKEN_REVOKED';
export interface ApiTokenRevoked {
  tokenId: string;
}

/** Published when an admin's roles change: every server process forgets that admin's cached viewers. */
export const ADMIN_CHANGED = 'ADMIN_CHANGED';
export interface AdminChanged {
  adminId: string;
}

interface Entry {
  viewer: Viewer;
  expiresAt: number;
  lastUsedAt: number;
}

/**
 * The viewers of recently seen tokens, by token hash, so a request does not look its token up in
 * PostgreSQL (1–2 ms of ORM work, most of a small request's cost). A revocation removes the entry at
 * once on every process (API_TOKEN_REVOKED); the short lifetime bounds how long a missed event or a
 * change made outside the API (a role edited in SQL) can go unseen.
 */
export class ViewerCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = 15_000,
    private readonly maxEntries = 10_000,
  ) {}

  get(tokenHash: string, now = Date.now()): Entry | undefined {
    const entry = this.entries.get(tokenHash);
    if (entry && entry.expiresAt <= now) this.entries.delete(tokenHash);
    return entry && entry.expiresAt > now ? entry : undefined;
  }

  set(tokenHash: string, viewer: Viewer, lastUsedAt: number, now = Date.now()): void {
    // A full cache starts over: simpler than LRU, and 10,000 live tokens in 15 s is far from usual.
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(tokenHash, { viewer, expiresAt: now + this.ttlMs, lastUsedAt });
  }

  forgetAdmin(adminId: string): void {
    for (const [hash, entry] of this.entries) if (entry.viewer.admin.id === adminId) this.entries.delete(hash);
  }

  forgetToken(tokenId: string): void {
    for (const [hash, entry] of this.entries) if (entry.viewer.tokenId === tokenId) this.entries.delete(hash);
  }
}

/** Calls `onRevoked` for each token revoked on any process, until the returned stop is called. */
export function watchRevocations(pubSub: AppPubSub, onRevoked: (tokenId: string) => void): () => Promise<void> {
  const revocations = pubSub.subscribe(API_TOKEN_REVOKED);
  const done = (async () => {
    for await (const event of revocations) onRevoked((event as ApiTokenRevoked).tokenId);
  })();
  return async () => {
    await revocations.return?.();
    await done;
  };
}

/** Calls `onChanged` for each admin whose roles changed on any process, until the returned stop is called. */
export function watchAdminChanges(pubSub: AppPubSub, onChanged: (adminId: string) => void): () => Promise<void> {
  const changes = pubSub.subscribe(ADMIN_CHANGED);
  const done = (async () => {
    for await (const event of changes) onChanged((event as AdminChanged).adminId);
  })();
  return async () => {
    await changes.return?.();
    await done;
  };
}
