import type { BoardOption, BoardStatus, ConnectWiseClient } from '../../connectwise/index.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { alertDefinition, alertTypeName, type AlertType } from './alert-types.js';

/** Where an alert type's tickets go; every id optional (ConnectWise's default when null). */
export interface TicketRouting {
  boardId: number | null;
  statusId: number | null;
  typeId: number | null;
  subTypeId: number | null;
  itemId: number | null;
  closedStatusId: number | null;
}

export const boardDependentFields = ['statusId', 'typeId', 'subTypeId', 'itemId', 'closedStatusId'] as const;
type BoardDependentField = (typeof boardDependentFields)[number];

/** The names ConnectWise gives the chosen ids, to show beside them. */
export interface RoutingNames {
  boardName: string | null;
  statusName: string | null;
  typeName: string | null;
  subTypeName: string | null;
  itemName: string | null;
  closedStatusName: string | null;
}

/** One board's choices as ConnectWise lists them now. */
export interface BoardChoices {
  statuses: BoardStatus[];
  types: BoardOption[];
  subTypes: BoardOption[];
  items: BoardOption[];
}

/** Reads one board's statuses, types, subtypes and items in parallel. */
export async function readBoardChoices(client: ConnectWiseClient, boardId: number): Promise<BoardChoices> {
  const [statuses, types, subTypes, items] = await Promise.all([
    client.boardStatuses(boardId),
    client.boardTypes(boardId),
    client.boardSubTypes(boardId),
    client.boardItems(boardId),
  ]);
  return { statuses, types, subTypes, items };
}

/**
 * Checks alert types' routing against the instance, reading each board named once. Throws
 * BAD_USER_INPUT naming the field and the alert type at the first id ConnectWise does not have (or
 * that does not fit: a closed status for new tickets, an open one for resolutions); returns the names.
 */
export async function checkRouting(
  client: ConnectWiseClient,
  routings: { alertType: AlertType; routing: TicketRouting }[],
): Promise<Map<AlertType, RoutingNames>> {
  for (const { alertType, routing } of routings) {
    if (routing.boardId !== null) continue;
    const orphan = boardDependentFields.find((field) => routing[field] !== null);
    if (orphan) throw refusal(alertType, orphan, `choose a board first: ${orphan} belongs to a board`, routing[orphan]!);
  }
  const boardIds = [...new Set(routings.flatMap(({ routing }) => (routing.boardId === null ? [] : [routing.boardId])))];
  const names = new Map<AlertType, RoutingNames>();
  if (boardIds.length === 0) {
    for (const { alertType } of routings) names.set(alertType, noNames());
    return names;
  }
  const boards = await client.boards();
  const choices = new Map<number, BoardChoices>();
  for (const { alertType, routing } of routings) {
    if (routing.boardId === null) {
      names.set(alertType, noNames());
      continue;
    }
    const board = boards.find((candidate) => candidate.id === routing.boardId && !candidate.inactiveFlag);
    if (!board) throw refusal(alertType, 'boardId', `ConnectWise has no active service board ${routing.boardId}`, routing.boardId);
    if (!choices.has(board.id)) choices.set(board.id, await readBoardChoices(client, board.id));
    const on = choices.get(board.id)!;
    const pick = (field: BoardDependentField, rows: readonly { id: number; name: string }[], what: string): string | null => {
      const id = routing[field];
      if (id === null) return null;
      const row = rows.find((candidate) => candidate.id === id);
      if (!row) throw refusal(alertType, field, `board “${board.name}” has no ${what} ${id}`, id);
      return row.name;
    };
    const activeStatuses = on.statuses.filter((status) => !status.inactive);
    names.set(alertType, {
      boardName: board.name,
      statusName: pick('statusId', activeStatuses.filter((status) => !status.closedStatus), 'open status'),
      typeName: pick('typeId', on.types.filter((row) => !row.inactiveFlag), 'type'),
      subTypeName: pick('subTypeId', on.subTypes.filter((row) => !row.inactiveFlag), 'subtype'),
      itemName: pick('itemId', on.items.filter((row) => !row.inactiveFlag), 'item'),
      closedStatusName: pick('closedStatusId', activeStatuses.filter((status) => status.closedStatus), 'closed status'),
    });
  }
  return names;
}

/** The closed status a resolution moves a ticket on this board to: the chosen one, else the board's first. */
export function closedStatusFor(statuses: readonly BoardStatus[], chosen: number | null): BoardStatus | undefined {
  const closed = statuses.filter((status) => status.closedStatus && !status.inactive);
  if (chosen !== null) return closed.find((status) => status.id === chosen);
  return [...closed].sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0))[0];
}

function noNames(): RoutingNames {
  return { boardName: null, statusName: null, typeName: null, subTypeName: null, itemName: null, closedStatusName: null };
}

function refusal(alertType: AlertType, field: keyof TicketRouting, message: string, unknownId: number): AppError {
  return new AppError(ErrorCode.BadUserInput, `${message} (${alertDefinition(alertType).name})`, {
    field,
    alertType: alertTypeName(alertType),
    unknownId,
  });
}
