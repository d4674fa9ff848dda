import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { retryOnUniqueViolation } from '../../shared/unique-violation.js';
import { AuditService } from '../audit/audit.service.js';
import type { Viewer } from '../auth/auth.service.js';
import type { TenantScope } from '../auth/tenant-scope.js';
import type { IntegrationService } from '../integration/integration.service.js';
import {
  AlertRecurrence,
  AlertSetting,
  DEFAULT_DUE_DAYS,
  DEFAULT_RECURRENCE,
  DEFAULT_WINDOW_HOURS,
  MAX_DUE_DAYS,
  MAX_WINDOW_HOURS,
  TicketingSettings,
} from './alert-settings.entity.js';
import { ALERT_CATALOGUE, alertDefinition, AlertType, alertTypeName, isResolvable, type AlertDefinitionData } from './alert-types.js';
import { boardDependentFields, checkRouting, readBoardChoices, type TicketRouting } from './ticket-routing.js';
import type { AlertSettingInput, AlertSettingView, AlertTicketOptions, ServiceBoardOptions, TicketingSettingsView } from './ticketing.types.js';

/** What the gates need to know about one alert type, defaults filled in. */
export interface EffectiveAlertSetting {
  alertType: AlertType;
  createTickets: boolean;
  priorityId: number | null;
  sourceId: number | null;
  dueDays: number;
  recurrence: AlertRecurrence;
  recurrenceWindowHours: number;
  closeOnResolve: boolean;
  routing: TicketRouting;
}

export interface TicketingGates {
  automatedTicketing: boolean;
  settings: Map<AlertType, EffectiveAlertSetting>;
}

/** The provider's ticketing configuration: the global switch and each alert type's ticket settings. */
export class AlertSettingsService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
    private readonly integration: IntegrationService,
  ) {}

  catalogue(): AlertDefinitionData[] {
    return [...ALERT_CATALOGUE];
  }

  /** Priorities, sources and active service boards as this ConnectWise instance names them, read live. */
  async options(): Promise<AlertTicketOptions> {
    const [priorities, sources, boards] = await this.integration.call((client) => Promise.all([client.priorities(), client.sources(), client.boards()]));
    return {
      priorities: priorities.map((priority) => ({ id: priority.id, name: priority.name, isDefault: priority.defaultFlag ?? false, level: priority.level })),
      sources: sources.map((source) => ({ id: source.id, name: source.name, isDefault: source.defaultFlag ?? false })),
      boards: boards.filter((board) => !board.inactiveFlag).map((board) => ({ id: board.id, name: board.name, isDefault: false })),
      maxDueDays: MAX_DUE_DAYS,
    };
  }

  /** One board's statuses, types, subtypes and items, read live (NOT_FOUND for a board ConnectWise does not have). */
  async boardOptions(boardId: number): Promise<ServiceBoardOptions> {
    if (!Number.isInteger(boardId) || boardId < 1) throw new AppError(ErrorCode.BadUserInput, 'boardId must be a positive whole number', { field: 'boardId' });
    const choices = await this.integration.call((client) => readBoardChoices(client, boardId));
    const option = (row: { id: number; name: string }) => ({ id: row.id, name: row.name, isDefault: false });
    return {
      boardId,
      statuses: choices.statuses
        .filter((status) => !status.inactive)
        .sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0))
        .map((status) => ({ id: status.id, name: status.name, closed: status.closedStatus ?? false, isDefault: status.defaultFlag ?? false })),
      types: choices.types.filter((row) => !row.inactiveFlag).map(option),
      subTypes: choices.subTypes.filter((row) => !row.inactiveFlag).map(option),
      items: choices.items.filter((row) => !row.inactiveFlag).map(option),
    };
  }

  async view(): Promise<TicketingSettingsView> {
    const [settings, rows] = await Promise.all([
      this.em.findOne(TicketingSettings, {}, { populate: ['updatedBy'] }),
      this.em.find(AlertSetting, {}),
    ]);
    const byType = new Map(rows.map((row) => [row.alertType, row]));
    return {
      automatedTicketing: settings?.automatedTicketing ?? false,
      alerts: ALERT_CATALOGUE.map((definition) => toView(definition, byType.get(definition.id))),
      updatedBy: settings?.updatedBy,
      updatedAt: settings?.updatedAt,
    };
  }

  /** Everything the ticket gates read, in two queries. */
  async gates(): Promise<TicketingGates> {
    const [settings, rows] = await Promise.all([this.em.findOne(TicketingSettings, {}), this.em.find(AlertSetting, {})]);
    const byType = new Map(rows.map((row) => [row.alertType, row]));
    return {
      automatedTicketing: settings?.automatedTicketing ?? false,
      settings: new Map(ALERT_CATALOGUE.map((definition) => [definition.id, effective(definition.id, byType.get(definition.id))])),
    };
  }

  /** The first save creates the provider's row; concurrent first saves retry as updates (one row, one audit entry). */
  async setAutomatedTicketing(viewer: Viewer, enabled: boolean): Promise<TicketingSettingsView> {
    await this.integration.require();
    await retryOnUniqueViolation(() =>
      this.em.transactional(async (em) => {
        const settings = (await em.findOne(TicketingSettings, {})) ?? em.create(TicketingSettings, { provider: this.scope.providerId });
        const previous = settings.automatedTicketing;
        settings.automatedTicketing = enabled;
        settings.updatedBy = em.getReference('Admin', viewer.admin.id) as never;
        // Only a real change is audited: a repeat (or the losers of a concurrent first save) changes nothing.
        if (previous !== enabled) new AuditService(em).record(viewer, 'ticketing.automated-ticketing-set', { previous, enabled });
        await em.flush();
      }),
    );
    return this.view();
  }

  /**
   * Saves alert types' settings after checking the priority and source ids against ConnectWise; all
   * or nothing. Each error names the field and the alert type.
   */
  async save(viewer: Viewer, inputs: AlertSettingInput[]): Promise<TicketingSettingsView> {
    if (inputs.length === 0 || inputs.length > ALERT_CATALOGUE.length) {
      throw new AppError(ErrorCode.BadUserInput, `send 1 to ${ALERT_CATALOGUE.length} alert settings`, { field: 'settings' });
    }
    const seen = new Set<AlertType>();
    for (const input of inputs) {
      if (seen.has(input.alertType)) {
        throw new AppError(ErrorCode.BadUserInput, `${alertTypeName(input.alertType)} appears twice`, { field: 'alertType', alertType: alertTypeName(input.alertType) });
      }
      seen.add(input.alertType);
      if (!Number.isInteger(input.dueDays) || input.dueDays < 0 || input.dueDays > MAX_DUE_DAYS) {
        throw new AppError(ErrorCode.BadUserInput, `due days must be a whole number from 0 to ${MAX_DUE_DAYS} (${alertDefinition(input.alertType).name})`, {
          field: 'dueDays',
          alertType: alertTypeName(input.alertType),
        });
      }
      const hours = input.recurrenceWindowHours;
      if (hours != null && (!Number.isInteger(hours) || hours < 1 || hours > MAX_WINDOW_HOURS)) {
        throw new AppError(ErrorCode.BadUserInput, `the recurrence window must be a whole number of hours from 1 to ${MAX_WINDOW_HOURS} (${alertDefinition(input.alertType).name})`, {
          field: 'recurrenceWindowHours',
          alertType: alertTypeName(input.alertType),
        });
      }
    }
    await this.integration.require();
    // What each type will be: the input over the saved row (omitted fields keep their values).
    const saved = new Map((await this.em.find(AlertSetting, { alertType: { $in: [...seen] } })).map((row) => [row.alertType, row]));
    const resolved = inputs.map((input) => ({ input, ...resolveInput(input, saved.get(input.alertType)) }));
    const needsPriorities = inputs.some((input) => input.priorityId != null);
    const needsSources = inputs.some((input) => input.sourceId != null);
    const [priorities, sources, routingNames] = await this.integration.call((client) =>
      Promise.all([
        needsPriorities ? client.priorities() : [],
        needsSources ? client.sources() : [],
        checkRouting(client, resolved.map(({ input, routing }) => ({ alertType: input.alertType, routing }))),
      ]),
    );
    const priorityNames = new Map(priorities.map((priority) => [priority.id, priority.name]));
    const sourceNames = new Map(sources.map((source) => [source.id, source.name]));
    for (const input of inputs) {
      if (input.priorityId != null && !priorityNames.has(input.priorityId)) {
        throw new AppError(ErrorCode.BadUserInput, `ConnectWise has no priority ${input.priorityId} (${alertDefinition(input.alertType).name})`, {
          field: 'priorityId',
          alertType: alertTypeName(input.alertType),
          unknownId: input.priorityId,
        });
      }
      if (input.sourceId != null && !sourceNames.has(input.sourceId)) {
        throw new AppError(ErrorCode.BadUserInput, `ConnectWise has no source ${input.sourceId} (${alertDefinition(input.alertType).name})`, {
          field: 'sourceId',
          alertType: alertTypeName(input.alertType),
          unknownId: input.sourceId,
        });
      }
    }

    const planned = resolved.map(({ input, routing, recurrence, recurrenceWindowHours, closeOnResolve }) => {
      const values: SettingValues = {
        createTickets: input.createTickets,
        priorityId: input.priorityId ?? null,
        priorityName: input.priorityId != null ? (priorityNames.get(input.priorityId) ?? null) : null,
        sourceId: input.sourceId ?? null,
        sourceName: input.sourceId != null ? (sourceNames.get(input.sourceId) ?? null) : null,
        dueDays: input.dueDays,
        recurrence,
        recurrenceWindowHours,
        closeOnResolve,
        ...routing,
        ...routingNames.get(input.alertType)!,
      };
      return { alertType: input.alertType, values };
    });

    // Concurrent first saves of an alert type retry as updates: one row per type, the last one wins. The
    // rows are locked so that of concurrent identical saves only the first is a change, and audited.
    await retryOnUniqueViolation(() => this.em.transactional(async (em) => {
      const rows = await em.find(AlertSetting, { alertType: { $in: [...seen] } }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const existing = new Map(rows.map((row) => [row.alertType, row]));
      let changed = false;
      for (const { alertType, values } of planned) {
        const row = existing.get(alertType);
        if (row && sameSetting(row, values)) continue;
        changed = true;
        Object.assign(row ?? em.create(AlertSetting, { provider: this.scope.providerId, alertType }), {
          ...values,
          updatedBy: em.getReference('Admin', viewer.admin.id),
        });
      }
      if (!changed) return;
      new AuditService(em).record(viewer, 'ticketing.alert-settings-saved', { settings: planned.map(({ alertType, values }) => ({ alertType, ...values })) });
      await em.flush();
    }));
    return this.view();
  }
}

/** Alert settings and the switch of one provider (for "disable integration & clear data"). */
export async function clearAlertSettings(em: EntityManager, scope: TenantScope): Promise<number> {
  const where = { provider: scope.providerId };
  return (await em.nativeDelete(AlertSetting, where)) + (await em.nativeDelete(TicketingSettings, where));
}

const settingFields = [
  'createTickets', 'priorityId', 'priorityName', 'sourceId', 'sourceName', 'dueDays', 'recurrence', 'recurrenceWindowHours', 'closeOnResolve',
  'boardId', 'boardName', 'statusId', 'statusName', 'typeId', 'typeName', 'subTypeId', 'subTypeName', 'itemId', 'itemName', 'closedStatusId', 'closedStatusName',
] as const;
type SettingValues = { [K in (typeof settingFields)[number]]: NonNullable<AlertSetting[K]> | (null extends AlertSetting[K] ? null : never) };

/** A save that would leave the row as it is (names included: a renamed priority is refreshed). */
function sameSetting(row: AlertSetting, values: SettingValues): boolean {
  return settingFields.every((field) => (row[field] ?? null) === values[field]);
}

/**
 * An input over the saved row: recurrence, window and close-on-resolve keep their values when omitted
 * or null; routing ids when omitted (null clears one). A new board drops the old board's choices.
 */
function resolveInput(input: AlertSettingInput, row: AlertSetting | undefined) {
  const current = effective(input.alertType, row);
  const boardId = input.boardId === undefined ? current.routing.boardId : input.boardId;
  const routing: TicketRouting = { ...current.routing, boardId };
  for (const field of boardDependentFields) {
    const given = input[field];
    routing[field] = given !== undefined ? given : boardId === current.routing.boardId ? current.routing[field] : null;
  }
  return {
    routing,
    recurrence: input.recurrence ?? current.recurrence,
    recurrenceWindowHours: input.recurrenceWindowHours ?? current.recurrenceWindowHours,
    closeOnResolve: input.closeOnResolve ?? current.closeOnResolve,
  };
}

function effective(alertType: AlertType, row: AlertSetting | undefined): EffectiveAlertSetting {
  return {
    alertType,
    createTickets: row?.createTickets ?? false,
    priorityId: row?.priorityId ?? null,
    sourceId: row?.sourceId ?? null,
    dueDays: row?.dueDays ?? DEFAULT_DUE_DAYS,
    recurrence: row?.recurrence ?? DEFAULT_RECURRENCE,
    recurrenceWindowHours: row?.recurrenceWindowHours ?? DEFAULT_WINDOW_HOURS,
    closeOnResolve: row?.closeOnResolve ?? false,
    routing: {
      boardId: row?.boardId ?? null,
      statusId: row?.statusId ?? null,
      typeId: row?.typeId ?? null,
      subTypeId: row?.subTypeId ?? null,
      itemId: row?.itemId ?? null,
      closedStatusId: row?.closedStatusId ?? null,
    },
  };
}

function toView(definition: AlertDefinitionData, row: AlertSetting | undefined): AlertSettingView {
  const setting = effective(definition.id, row);
  const ref = (id: number | null, name: string | null | undefined) => (id != null ? { id, name: name ?? String(id) } : null);
  return {
    alert: definition,
    createTickets: setting.createTickets,
    priority: ref(setting.priorityId, row?.priorityName),
    source: ref(setting.sourceId, row?.sourceName),
    dueDays: setting.dueDays,
    recurrence: setting.recurrence,
    recurrenceWindowHours: setting.recurrenceWindowHours,
    closeOnResolve: setting.closeOnResolve,
    board: ref(setting.routing.boardId, row?.boardName),
    status: ref(setting.routing.statusId, row?.statusName),
    type: ref(setting.routing.typeId, row?.typeName),
    subType: ref(setting.routing.subTypeId, row?.subTypeName),
    item: ref(setting.routing.itemId, row?.itemName),
    closedStatus: ref(setting.routing.closedStatusId, row?.closedStatusName),
    resolvable: isResolvable(definition.id),
    updatedAt: row?.updatedAt,
  };
}
