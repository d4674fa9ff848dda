import { patternToRegExp } from '../vendor-sim/faults.js';
import { cwError, type ApiResponse, type Route } from './route-kit.js';
import type { PermissionDenial } from './state.js';

/*
 * The API member's security role, limited the way an MSP limits it in ConnectWise (System › Security
 * Roles): a module function, a level of it, or one table of Table Setup. A denied call answers 403 with
 * ConnectWise's wording (*unverified*, see src/connectwise/errors.ts), before anything is read or written.
 */

export const closeTicketsArea = 'Service Desk > Close Service Tickets';

/** "Service Desk › Service Tickets" and "Service Desk -> Service Tickets" are "Service Desk > Service Tickets". */
export function normaliseArea(area: string): string {
  return area.replace(/\s*(?:›|->|>)\s*/g, ' > ').trim();
}

/**
 * A denial from text, as the CLI's `--deny` and scripts write it: "Finance > Agreements: Edit",
 * "Service Desk › Service Tickets" (every level), "System > Table Setup: Inquire (Service / Priority)".
 */
export function parseDenial(text: string): PermissionDenial {
  const match = /^\s*(.+?)\s*(?::\s*(Add|Edit|Delete|Inquire))?\s*(?:\((.+)\))?\s*$/i.exec(text);
  const area = match?.[1];
  if (!area || !/(?:›|->|>)/.test(area)) throw new Error(`"${text}" is not "Module > Function[: Level][ (Table)]"`);
  const level = match[2] ? match[2].charAt(0).toUpperCase() + match[2].slice(1).toLowerCase() : undefined;
  return { area: normaliseArea(area), ...(level ? { level } : {}), ...(match[3] ? { table: match[3].trim() } : {}) };
}

export function permissionLevel(method: string): string {
  return method === 'POST' ? 'Add' : method === 'PATCH' || method === 'PUT' ? 'Edit' : method === 'DELETE' ? 'Delete' : 'Inquire';
}

/** Whether the denial covers this call: by route pattern, or by the route's module function, level and table. */
function covers(denial: PermissionDenial, method: string, routePath: string, route: Route): boolean {
  if (denial.method && denial.method.toUpperCase() !== method) return false;
  if (denial.path) return patternToRegExp(denial.path).test(routePath);
  if (!denial.area || normaliseArea(denial.area).toLowerCase() !== normaliseArea(route.area).toLowerCase()) return false;
  if (denial.level && denial.level.toLowerCase() !== permissionLevel(method).toLowerCase()) return false;
  return !denial.table || denial.table.toLowerCase() === route.table?.toLowerCase();
}

/** ConnectWise's 403 for the first denial covering the call, or undefined when the role allows it. */
export function refusal(denials: readonly PermissionDenial[], method: string, routePath: string, route: Route): ApiResponse | undefined {
  const denial = denials.find((candidate) => covers(candidate, method, routePath, route));
  if (!denial) return undefined;
  const level = (denial.path ? denial.level : undefined) ?? permissionLevel(method);
  const area = (denial.path ? denial.area : undefined) ?? route.area;
  return cwError(403, 'Forbidden', `You do not have ${level} permission for ${area}.`);
}

/** Whether a denial withdraws the Close Service Tickets permission (kept as `canCloseTickets`). */
export function deniesClosing(denial: PermissionDenial): boolean {
  return !denial.path && denial.area !== undefined && normaliseArea(denial.area).toLowerCase() === closeTicketsArea.toLowerCase();
}
