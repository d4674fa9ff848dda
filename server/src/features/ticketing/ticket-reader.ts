import DataLoader from 'dataloader';
import { MAX_TICKETS_PER_READ, type ConnectWiseClient, type Ticket } from '../../connectwise/index.js';

/** Reads a ticket as it is in ConnectWise now; null when it is gone (deleted). */
export type ReadTicket = (ticketId: number) => Promise<Ticket | null>;

/** How long a read waits for others to share its request. */
const BATCH_WINDOW_MS = 100;

/**
 * The reads of one drain run, batched: incidents whose notes fall due together read their tickets in
 * one request (`ticketsById`) instead of one each — the read before every note would otherwise double
 * what a storm of repeats costs the instance's request budget. A ticket the listing leaves out is read
 * alone before it is taken for deleted (a listing may also leave out what the member cannot see).
 * Nothing is cached: every call is a fresh read.
 */
export function batchedTicketReader(withClient: <T>(work: (client: ConnectWiseClient) => Promise<T>) => Promise<T>): ReadTicket {
  const loader = new DataLoader<number, Ticket | null>(
    (ticketIds) =>
      withClient(async (client) => {
        const listed = await client.ticketsById(ticketIds);
        return Promise.all(ticketIds.map((ticketId) => listed.get(ticketId) ?? client.ticket(ticketId)));
      }),
    { cache: false, maxBatchSize: MAX_TICKETS_PER_READ, batchScheduleFn: (dispatch) => setTimeout(dispatch, BATCH_WINDOW_MS) },
  );
  return (ticketId) => loader.load(ticketId);
}
