import { defaultStatus } from './boards.js';
import { cwError, listOf, notFound, type ApiResponse, type Route } from './route-kit.js';
import type { Ref, SimBoard, SimBoardOption, SimBoardStatus, SimTicket, SimTicketNote, SimulatorData } from './state.js';

/*
 * The service desk: board lookups, tickets, their status changes and notes, answering as ConnectWise
 * does. What the spec is silent about and ConnectWise does anyway is reproduced and marked below:
 * a ticket's first note is its initialDescription; a status, type, subtype or item of another board is
 * refused; moving a ticket to a closed status needs its own permission; notes are still accepted on
 * a closed ticket; a deleted ticket answers 404 everywhere.
 */

type FieldError = { code: string; message: string; resource: string; field: string };

const closePermissionMessage = 'You do not have Edit permission for Service Desk > Close Service Tickets.';

/** ConnectWise's dates: ISO-8601 in UTC without fractions, `2025-01-31T14:02:11Z`. */
export function cwDate(at: Date = new Date()): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A ticket as GET answers it: without what ConnectWise does not return (write-only fields, notes, our bookkeeping). */
export function visibleTicket(ticket: SimTicket): Omit<SimTicket, 'initialDescription' | 'notes' | 'deleted'> {
  const { initialDescription: _written, notes: _notes, deleted: _deleted, ...visible } = ticket;
  return { ...visible, closedFlag: ticket.closedFlag ?? false };
}

function visibleNote(note: SimTicketNote): SimTicketNote {
  return { ...note };
}

const refId = (value: unknown) => (value && typeof value === 'object' ? (value as { id?: unknown }).id : undefined);
const refOf = ({ id, name }: Ref): Ref => ({ id, name });

/** Appends a note as ConnectWise stores it. */
export function addNote(
  data: SimulatorData,
  ticket: SimTicket,
  fields: { text: string; detailDescriptionFlag?: boolean; internalAnalysisFlag?: boolean; resolutionFlag?: boolean; createdBy?: string },
): SimTicketNote {
  const note: SimTicketNote = {
    id: data.nextId.note++,
    ticketId: ticket.id,
    text: fields.text,
    detailDescriptionFlag: fields.detailDescriptionFlag ?? false,
    internalAnalysisFlag: fields.internalAnalysisFlag ?? false,
    resolutionFlag: fields.resolutionFlag ?? false,
    dateCreated: cwDate(),
    createdBy: fields.createdBy ?? data.apiMember,
  };
  (ticket.notes ??= []).push(note);
  return note;
}

/** Moves a ticket to a status of its board, closing or reopening it as the status says. */
export function moveToStatus(ticket: SimTicket, status: SimBoardStatus, by: string): void {
  const wasClosed = ticket.closedFlag === true;
  ticket.status = refOf(status);
  if (status.closedStatus && !wasClosed) {
    ticket.closedFlag = true;
    ticket.closedDate = cwDate();
    ticket.closedBy = by;
  } else if (!status.closedStatus) {
    ticket.closedFlag = false;
    delete ticket.closedDate;
    delete ticket.closedBy;
  }
}

/** A board's status, type, subtype or item named by a reference: one of that board's, and active. */
function onBoard<T extends SimBoardOption | SimBoardStatus>(
  rows: readonly T[],
  board: SimBoard,
  reference: unknown,
  what: string,
): { row?: T; error?: string } {
  const id = refId(reference);
  const name = reference && typeof reference === 'object' ? (reference as { name?: unknown }).name : undefined;
  const row = rows.find((candidate) => candidate.board.id === board.id && (typeof id === 'number' ? candidate.id === id : candidate.name === name));
  const label = typeof id === 'number' ? `id ${id}` : `name ${JSON.stringify(name)}`;
  if (!row) return { error: `${what} with ${label} is not valid for board "${board.name}".` };
  const inactive = 'inactive' in row ? row.inactive : row.inactiveFlag;
  if (inactive) return { error: `${what} "${row.name}" is inactive on board "${board.name}".` };
  return { row };
}

function createTicket(body: unknown, data: SimulatorData): ApiResponse {
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const errors: FieldError[] = [];
  const fail = (code: string, field: string, message: string) => errors.push({ code, message, resource: 'ticket', field });

  const summary = typeof input.summary === 'string' ? input.summary.trim() : '';
  if (!summary) fail('Required', 'summary', 'Summary is required.');
  else if (summary.length > 100) fail('InvalidField', 'summary', 'Summary cannot be longer than 100 characters.');

  const companyId = refId(input.company);
  const company = typeof companyId === 'number' ? data.company(companyId) : undefined;
  if (companyId === undefined) fail('Required', 'company', 'Company is required.');
  else if (!company || company.deletedFlag) fail('InvalidField', 'company', `Company with id ${String(companyId)} was not found.`);

  const lookup = <T extends { id: number }>(field: string, rows: T[], fallback: T | undefined): T | undefined => {
    const id = refId(input[field]);
    if (id === undefined) return fallback;
    const row = rows.find((candidate) => candidate.id === id);
    if (!row) fail('InvalidField', field, `${field} with id ${String(id)} was not found.`);
    return row;
  };
  const board = lookup('board', data.boards, data.boards.find((b) => !b.inactiveFlag));
  const priority = lookup('priority', data.priorities, data.priorities.find((p) => p.defaultFlag));
  const source = lookup('source', data.sources, undefined);

  // Status, type, subtype and item belong to a board: one of another board is refused, as ConnectWise does.
  const ofBoard = <T extends SimBoardOption | SimBoardStatus>(field: string, rows: readonly T[], what: string): T | undefined => {
    if (!board || input[field] === undefined || input[field] === null) return undefined;
    const { row, error } = onBoard(rows, board, input[field], what);
    if (error) fail('InvalidField', field, error);
    return row;
  };
  const status = ofBoard('status', data.boardStatuses, 'Status') ?? (board ? defaultStatus(data, board.id) : undefined);
  const type = ofBoard('type', data.boardTypes, 'Type');
  const subType = ofBoard('subType', data.boardSubTypes, 'Subtype');
  const item = ofBoard('item', data.boardItems, 'Item');
  if (board && !status && !errors.some((error) => error.field === 'status')) fail('Required', 'status', `Board "${board.name}" has no open status.`);

  const externalXRef = input.externalXRef;
  if (externalXRef !== undefined && (typeof externalXRef !== 'string' || externalXRef.length > 100)) {
    fail('InvalidField', 'externalXRef', 'External reference must be text of at most 100 characters.');
  }
  const requiredDate = input.requiredDate;
  if (requiredDate !== undefined && (typeof requiredDate !== 'string' || Number.isNaN(Date.parse(requiredDate)))) {
    fail('InvalidField', 'requiredDate', 'Required date is not a valid date.');
  }
  if (errors.length > 0 || !company || !board || !priority || !status) {
    return cwError(400, 'InvalidObject', 'ticket object is invalid', errors);
  }

  const ticket: SimTicket = {
    id: data.nextId.ticket++,
    summary,
    company: { id: company.id, identifier: company.identifier, name: company.name },
    board: refOf(board),
    priority: refOf(priority),
    ...(source ? { source: refOf(source) } : {}),
    status: refOf(status),
    ...(type ? { type: refOf(type) } : {}),
    ...(subType ? { subType: refOf(subType) } : {}),
    ...(item ? { item: refOf(item) } : {}),
    ...(typeof requiredDate === 'string' ? { requiredDate } : {}),
    ...(typeof externalXRef === 'string' ? { externalXRef } : {}),
    ...(typeof input.initialDescription === 'string' ? { initialDescription: input.initialDescription } : {}),
    closedFlag: false,
    notes: [],
  };
  if (status.closedStatus) moveToStatus(ticket, status, data.apiMember);
  // ConnectWise keeps the initial texts as the ticket's first notes (discussion, internal, resolution).
  const initial: Array<[unknown, 'detailDescriptionFlag' | 'internalAnalysisFlag' | 'resolutionFlag']> = [
    [input.initialDescription, 'detailDescriptionFlag'],
    [input.initialInternalAnalysis, 'internalAnalysisFlag'],
    [input.initialResolution, 'resolutionFlag'],
  ];
  for (const [text, flag] of initial) if (typeof text === 'string' && text.trim()) addNote(data, ticket, { text, [flag]: true });
  data.tickets.push(ticket);
  return { status: 201, body: visibleTicket(ticket) };
}

const patchableTicketFields = new Set(['status', 'summary', 'priority', 'type', 'subType', 'item']);

/**
 * JSON Patch on a ticket: `status` (by id or name, of the ticket's board), `summary`, `priority`, `type`,
 * `subType`, `item`. Every operation is checked before any is applied. Moving to a closed status needs
 * the Close Service Tickets permission (`canCloseTickets`).
 */
function patchTicket(ticket: SimTicket, body: unknown, data: SimulatorData): ApiResponse {
  if (!Array.isArray(body) || body.length === 0) {
    return cwError(400, 'InvalidObject', 'The request body must be a non-empty JSON Patch array');
  }
  const board = data.boards.find((candidate) => candidate.id === ticket.board.id);
  const changes: Array<(ticket: SimTicket) => void> = [];
  let closing = false;
  for (const [index, operation] of body.entries()) {
    const op = (operation as { op?: unknown })?.op;
    const path = (operation as { path?: unknown })?.path;
    const value = (operation as { value?: unknown })?.value;
    const field = typeof path === 'string' ? path.replace(/^\/+/, '') : '';
    const invalid = (message: string) =>
      cwError(400, 'InvalidObject', `Invalid patch operation ${index}: ${message}`, [{ code: 'InvalidField', message, resource: 'ticket', field }]);
    if (typeof op !== 'string' || typeof path !== 'string') return invalid('op and path are required');
    if (op !== 'replace' && op !== 'add') return invalid(`op "${op}" is not supported`);
    if (!patchableTicketFields.has(field)) return invalid(`${field || '(empty)'} cannot be changed by the simulator`);
    if (field === 'summary') {
      if (typeof value !== 'string' || !value.trim() || value.length > 100) return invalid('Summary must be text of 1 to 100 characters.');
      changes.push((target) => (target.summary = value.trim()));
      continue;
    }
    if (field === 'priority') {
      const priority = data.priorities.find((candidate) => candidate.id === refId(value));
      if (!priority) return invalid(`priority with id ${String(refId(value))} was not found.`);
      changes.push((target) => (target.priority = refOf(priority)));
      continue;
    }
    if (!board) return invalid(`the ticket's board ${ticket.board.id} no longer exists`);
    const rows = { status: data.boardStatuses, type: data.boardTypes, subType: data.boardSubTypes, item: data.boardItems }[field as 'status'];
    const what = { status: 'Status', type: 'Type', subType: 'Subtype', item: 'Item' }[field as 'status'];
    const { row, error } = onBoard<SimBoardStatus | SimBoardOption>(rows, board, value, what);
    if (!row) return invalid(error ?? `${field} not found`);
    if (field === 'status') {
      const status = row as SimBoardStatus;
      closing ||= status.closedStatus;
      changes.push((target) => moveToStatus(target, status, data.apiMember));
    } else {
      changes.push((target) => ((target as unknown as Record<string, Ref>)[field] = refOf(row)));
    }
  }
  // Closing is its own permission in ConnectWise's security roles (Service Desk > Close Service Tickets).
  if (closing && !data.canCloseTickets) return cwError(403, 'Forbidden', closePermissionMessage);
  for (const change of changes) change(ticket);
  return { status: 200, body: visibleTicket(ticket) };
}

function postNote(ticket: SimTicket, body: unknown, data: SimulatorData): ApiResponse {
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const fail = (code: string, field: string, message: string) =>
    cwError(400, 'InvalidObject', 'serviceNote object is invalid', [{ code, message, resource: 'serviceNote', field }]);
  const text = typeof input.text === 'string' ? input.text : '';
  if (!text.trim()) return fail('Required', 'text', 'Text is required.');
  const flags = {
    detailDescriptionFlag: input.detailDescriptionFlag === true,
    internalAnalysisFlag: input.internalAnalysisFlag === true,
    resolutionFlag: input.resolutionFlag === true,
  };
  // ConnectWise's answer to a note that is neither discussion, internal nor resolution.
  if (!flags.detailDescriptionFlag && !flags.internalAnalysisFlag && !flags.resolutionFlag) {
    return fail('InvalidField', 'detailDescriptionFlag', 'Please choose where to display the notes in order to save this record.');
  }
  // A closed ticket still takes notes: not writing them is the integration's business.
  return { status: 201, body: visibleNote(addNote(data, ticket, { text, ...flags })) };
}

/** A board's lookup rows (`GET service/boards/{id}/…`); 404 for a board that does not exist. */
function boardListing(field: 'boardStatuses' | 'boardTypes' | 'boardSubTypes' | 'boardItems'): Route['handle'] {
  return (request, [boardId = 0], { data }) => {
    if (!data.boards.some((board) => board.id === boardId)) return notFound('Board', boardId);
    return listOf(
      (data[field] as ReadonlyArray<SimBoardOption | SimBoardStatus>).filter((row) => row.board.id === boardId),
      request,
    );
  };
}

export const ticketRoutes: Route[] = [
  {
    method: 'GET',
    pattern: ['service', 'boards', ':id', 'statuses'],
    area: 'System > Table Setup',
    table: 'Service / Service Board',
    handle: boardListing('boardStatuses'),
  },
  // Types, subtypes and items: in ConnectWise's API, not in our spec subset.
  { method: 'GET', pattern: ['service', 'boards', ':id', 'types'], area: 'System > Table Setup', table: 'Service / Service Board', handle: boardListing('boardTypes') },
  { method: 'GET', pattern: ['service', 'boards', ':id', 'subtypes'], area: 'System > Table Setup', table: 'Service / Service Board', handle: boardListing('boardSubTypes') },
  { method: 'GET', pattern: ['service', 'boards', ':id', 'items'], area: 'System > Table Setup', table: 'Service / Service Board', handle: boardListing('boardItems') },
  {
    method: 'GET',
    pattern: ['service', 'tickets'],
    area: 'Service Desk > Service Tickets',
    handle: (request, _params, { data }) => listOf(data.tickets.filter((ticket) => !ticket.deleted).map(visibleTicket), request),
  },
  {
    method: 'POST',
    pattern: ['service', 'tickets'],
    area: 'Service Desk > Service Tickets',
    handle: (request, _params, { data }) => createTicket(request.body, data),
  },
  {
    method: 'GET',
    pattern: ['service', 'tickets', ':id'],
    area: 'Service Desk > Service Tickets',
    handle: (_request, [id = 0], { data }) => {
      const ticket = data.ticket(id);
      return ticket ? { status: 200, body: visibleTicket(ticket) } : notFound('Ticket', id);
    },
  },
  {
    method: 'PATCH',
    pattern: ['service', 'tickets', ':id'],
    area: 'Service Desk > Service Tickets',
    handle: (request, [id = 0], { data }) => {
      const ticket = data.ticket(id);
      return ticket ? patchTicket(ticket, request.body, data) : notFound('Ticket', id);
    },
  },
  {
    method: 'GET',
    pattern: ['service', 'tickets', ':id', 'notes'],
    area: 'Service Desk > Service Tickets',
    handle: (request, [id = 0], { data }) => {
      const ticket = data.ticket(id);
      return ticket ? listOf((ticket.notes ?? []).map(visibleNote), request) : notFound('Ticket', id);
    },
  },
  {
    method: 'POST',
    pattern: ['service', 'tickets', ':id', 'notes'],
    area: 'Service Desk > Service Tickets',
    handle: (request, [id = 0], { data }) => {
      const ticket = data.ticket(id);
      return ticket ? postNote(ticket, request.body, data) : notFound('Ticket', id);
    },
  },
];
