import type { SimBoard, SimBoardOption, SimBoardStatus, SimulatorData } from './state.js';

/*
 * Service boards and what hangs off each: its statuses (some of them closing a ticket), types, subtypes
 * and items. In ConnectWise every board has its own of each, with ids of their own, so a status id
 * from one board is not valid on another.
 */

export interface BoardStatusSpec {
  name: string;
  closedStatus?: boolean;
  defaultFlag?: boolean;
  inactive?: boolean;
}

export interface BoardSpec {
  name: string;
  inactiveFlag?: boolean;
  /** Default: New (default), In Progress, Waiting on Customer, Resolved - Auto (closed), Closed (closed). */
  statuses?: BoardStatusSpec[];
  /** Names; a leading `~` marks one inactive (`~Legacy`). Default: a general service desk's. */
  types?: string[];
  subTypes?: string[];
  items?: string[];
}

/** What `addBoard` made, by name, so a test picks the ids it needs. */
export interface SeededBoard {
  id: number;
  name: string;
  statuses: SimBoardStatus[];
  types: SimBoardOption[];
  subTypes: SimBoardOption[];
  items: SimBoardOption[];
}

/** Boards belong to a location and a department (both required by the spec). */
const serviceDesk = { location: { id: 1, name: 'Head Office' }, department: { id: 10, identifier: 'SVC', name: 'Service' } };

const generalStatuses: BoardStatusSpec[] = [
  { name: 'New', defaultFlag: true },
  { name: 'In Progress' },
  { name: 'Waiting on Customer' },
  { name: 'Scheduled (retired)', inactive: true },
  { name: 'Resolved - Auto', closedStatus: true },
  { name: 'Closed', closedStatus: true },
];

/** The boards every simulated company has; the first active one is where tickets go by default. */
export const standardBoards: BoardSpec[] = [
  {
    name: 'Service Desk',
    statuses: generalStatuses,
    types: ['Incident', 'Service Request', 'Problem', '~Legacy'],
    subTypes: ['Account', 'Hardware', 'Software', 'Network'],
    items: ['Password Reset', 'Account Lockout', 'Other'],
  },
  {
    name: 'Security Alerts',
    statuses: [
      { name: 'New', defaultFlag: true },
      { name: 'Investigating' },
      { name: 'Waiting on Customer' },
      { name: 'Resolved - Auto', closedStatus: true },
      { name: 'False Positive', closedStatus: true },
      { name: 'Closed', closedStatus: true },
    ],
    types: ['Security Alert', 'Security Incident', '~Old Alert Type'],
    subTypes: ['Identity', 'Endpoint', 'Email'],
    items: ['Account Lockout', 'Suspicious Login', 'Disk Encryption', '~Retired Item'],
  },
  { name: 'Old Projects', inactiveFlag: true, statuses: [{ name: 'New', defaultFlag: true }, { name: 'Closed', closedStatus: true }], types: [], subTypes: [], items: [] },
];

/** Adds a board and its statuses, types, subtypes and items. */
export function addBoard(data: SimulatorData, spec: BoardSpec): SeededBoard {
  const board: SimBoard = { id: data.nextId.lookup++, name: spec.name, inactiveFlag: spec.inactiveFlag ?? false, ...serviceDesk };
  data.boards.push(board);
  return { id: board.id, name: board.name, ...fillBoard(data, board, spec) };
}

/** Gives every board that has no statuses yet the standard set (boards a test pushed in directly too). */
export function ensureBoardTables(data: SimulatorData): void {
  for (const board of data.boards) {
    if (data.boardStatuses.some((status) => status.board.id === board.id)) continue;
    fillBoard(data, board, standardBoards.find((spec) => spec.name === board.name) ?? { name: board.name });
  }
}

function fillBoard(data: SimulatorData, board: SimBoard, spec: BoardSpec): Omit<SeededBoard, 'id' | 'name'> {
  const ref = { id: board.id, name: board.name };
  const statusSpecs = spec.statuses ?? generalStatuses;
  const statuses = statusSpecs.map(
    (status, index): SimBoardStatus => ({
      id: data.nextId.boardStatus++,
      name: status.name,
      board: ref,
      sortOrder: index,
      closedStatus: status.closedStatus ?? false,
      inactive: status.inactive ?? false,
      defaultFlag: status.defaultFlag ?? false,
    }),
  );
  const options = (names: string[], next: () => number) =>
    names.map((name): SimBoardOption => ({ id: next(), name: name.replace(/^~/, ''), board: ref, inactiveFlag: name.startsWith('~') }));
  const general = standardBoards[0]!;
  const types = options(spec.types ?? general.types ?? [], () => data.nextId.boardType++);
  const subTypes = options(spec.subTypes ?? general.subTypes ?? [], () => data.nextId.boardSubType++);
  const items = options(spec.items ?? general.items ?? [], () => data.nextId.boardItem++);
  data.boardStatuses.push(...statuses);
  data.boardTypes.push(...types);
  data.boardSubTypes.push(...subTypes);
  data.boardItems.push(...items);
  return { statuses, types, subTypes, items };
}

/** Where a new ticket on the board starts: its default status, else its first active open one. */
export function defaultStatus(data: SimulatorData, boardId: number): SimBoardStatus | undefined {
  const statuses = data.statusesOf(boardId).filter((status) => !status.inactive);
  return statuses.find((status) => status.defaultFlag) ?? statuses.find((status) => !status.closedStatus);
}

/** Where a technician's close puts a ticket: the board's first active closed status. */
export function firstClosedStatus(data: SimulatorData, boardId: number): SimBoardStatus | undefined {
  return data.statusesOf(boardId).find((status) => status.closedStatus && !status.inactive);
}
