import { adminRoute, ok, type AdminRequest, type AdminRoute } from '../vendor-sim/admin.js';
import type { ConnectWiseSimulator } from './server.js';

/*
 * The admin endpoint's service desk routes: what technicians do in ConnectWise's screens (close, merge,
 * delete, write notes) and the API member's close permission. Documented with the others in server.ts.
 */

type ServiceDesk = Pick<ConnectWiseSimulator, 'notesOf' | 'technicianClose' | 'mergeTicket' | 'technicianNote' | 'deleteTicket' | 'setClosePermission'>;

export function serviceDeskAdminRoutes(desk: ServiceDesk): AdminRoute[] {
  return [
    ticketAdmin('GET', 'notes', (id) => desk.notesOf(id)),
    ticketAdmin('POST', 'technician-close', async (id, req) => {
      const body = await req.json();
      return desk.technicianClose(id, { statusId: optionalNumber(body.statusId, 'statusId'), by: optionalString(body.by, 'by') });
    }),
    ticketAdmin('POST', 'merge', async (id, req) => {
      const body = await req.json();
      const parentId = optionalNumber(body.parentId, 'parentId');
      if (parentId === undefined) throw new Error('parentId is required');
      return desk.mergeTicket(id, parentId, { by: optionalString(body.by, 'by') });
    }),
    ticketAdmin('POST', 'notes', async (id, req) => {
      const body = await req.json();
      const text = optionalString(body.text, 'text');
      if (!text) throw new Error('text is required');
      return desk.technicianNote(id, text, { internal: body.internal === true, resolution: body.resolution === true, by: optionalString(body.by, 'by') });
    }),
    ticketAdmin('DELETE', undefined, (id) => {
      desk.deleteTicket(id);
      return ok;
    }),
    adminRoute('PUT', '/close-permission', async (req) => {
      const { allowed } = await req.json();
      if (typeof allowed !== 'boolean') throw new Error('allowed must be true or false');
      desk.setClosePermission(allowed);
      return { allowed };
    }),
  ];
}

/** An admin route on one ticket: `/tickets/:id` (no action) or `/tickets/:id/<action>`; an unknown ticket is 404. */
function ticketAdmin(method: string, action: string | undefined, answer: (id: number, req: AdminRequest) => unknown): AdminRoute {
  return async (req) => {
    const [root, idText, ...rest] = req.segments;
    if (req.method !== method || root !== 'tickets' || !/^\d+$/.test(idText ?? '') || rest.join('/') !== (action ?? '')) return undefined;
    try {
      return { status: 200, body: await answer(Number(idText), req) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { status: /^no ticket /.test(message) ? 404 : 400, body: { error: message } };
    }
  };
}

function optionalNumber(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new Error(`${name} must be an integer`);
  return value;
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new Error(`${name} must be text`);
  return value;
}

