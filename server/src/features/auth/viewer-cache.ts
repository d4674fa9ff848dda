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

/** Calls `onEvent` for each event published on `topic` by any process, until the returned stop is called. */
function watchTopic<T>(pubSub: AppPubSub, topic: string, onEvent: (event: T) => void): () => Promise<void> {
  const events = pubSub.subscribe(topic);
  const done = (async () => {
    for await (const event of events) onEvent(event as T);
  })();
  return async () => {
    await events.return?.();
    await done;
  };
}

/** Calls `onRevoked` for each token revoked on any process. */
export const watchRevocations = (pubSub: AppPubSub, onRevoked: (tokenId: string) => void) =>
  watchTopic<ApiTokenRevoked>(pubSub, API_TOKEN_REVOKED, (event) => onRevoked(event.tokenId));

/** Calls `onChanged` for each admin whose roles or status changed on any process. */
export const watchAdminChanges = (pubSub: AppPubSub, onChanged: (adminId: string) => void) =>
  watchTopic<AdminChanged>(pubSub, ADMIN_CHANGED, (event) => onChanged(event.adminId));
