import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { CurrentViewer, type Context } from '../../graphql/context.js';
import { Connection } from '../../shared/pagination.js';
import type { Viewer } from '../auth/auth.service.js';
import { Role } from '../auth/roles.js';
import { Organization } from '../organizations/organization.entity.js';
import { AlertEvent, AlertSource } from './alert-event.entity.js';
import { ALERT_EVENT_UPDATED, MAX_ALERTS_PER_CALL, type AlertEventUpdate } from './alert-events.service.js';
import { alertDefinition } from './alert-types.js';
import { Incident, IncidentActivity } from './incident.entity.js';
import { INCIDENT_UPDATED, type IncidentUpdate } from './incidents.service.js';
import {
  AlertDefinition,
  AlertEventFilter,
  AlertInput,
  AlertSettingInput,
  AlertTicketOptions,
  IncidentFilter,
  ReportAlertsResult,
  ServiceBoardOptions,
  TicketingSettingsView,
} from './ticketing.types.js';

const AlertEventConnection = Connection(AlertEvent, 'AlertEvent');
const IncidentConnection = Connection(Incident, 'Incident');

/** Subscriptions share one in-process topic per kind: each subscriber sees its own provider's only. */
const ownProvider = ({ payload, context }: { payload: { providerId: string }; context: Context }) =>
  !!context.viewer && context.viewer.admin.hasRole(Role.BILLING) && payload.providerId === context.viewer.scope.providerId;

@Authorized(Role.BILLING)
@Resolver()
export class TicketingSettingsResolver {
  @Query(() => [AlertDefinition], { description: 'The alerts that can open a ConnectWise ticket.' })
  alertCatalogue(@Ctx() { services }: Context) {
    return services.ticketing.settings.catalogue();
  }

  @Query(() => TicketingSettingsView, { description: 'The automated ticketing switch and every alert type’s ticket settings.' })
  ticketingSettings(@Ctx() { services }: Context) {
    return services.ticketing.settings.view();
  }

  @Query(() => AlertTicketOptions, { description: 'Priorities, sources and service boards offered for alert tickets, read live from ConnectWise.' })
  alertTicketOptions(@Ctx() { services }: Context) {
    return services.ticketing.settings.options();
  }

  @Query(() => ServiceBoardOptions, { description: "A service board's statuses, types, subtypes and items, read live from ConnectWise (routing choices)." })
  serviceBoardOptions(@Arg('boardId', () => Int) boardId: number, @Ctx() { services }: Context) {
    return services.ticketing.settings.boardOptions(boardId);
  }

  @Mutation(() => TicketingSettingsView, { description: 'Turns automated ticketing on or off for the whole provider.' })
  setAutomatedTicketing(@Arg('enabled', () => Boolean) enabled: boolean, @CurrentViewer() viewer: Viewer, @Ctx() { services }: Context) {
    return services.ticketing.settings.setAutomatedTicketing(viewer, enabled);
  }

  @Mutation(() => TicketingSettingsView, {
    description: 'Saves alert types’ ticket settings; priority, source and routing ids are checked in ConnectWise; all or nothing.',
  })
  saveAlertSettings(@Arg('settings', () => [AlertSettingInput]) settings: AlertSettingInput[], @CurrentViewer() viewer: Viewer, @Ctx() { services }: Context) {
    return services.ticketing.settings.save(viewer, settings);
  }
}

@Authorized(Role.BILLING)
@Resolver(() => AlertEvent)
export class AlertEventsResolver {
  @Query(() => AlertEventConnection, { description: 'Alert events, newest first.' })
  alertEvents(
    @Ctx() { services }: Context,
    @Arg('filter', () => AlertEventFilter, { nullable: true }) filter?: AlertEventFilter,
    @Arg('first', () => Int, { defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return services.ticketing.events.list(filter ?? {}, first, after);
  }

  @Query(() => AlertEvent)
  alertEvent(@Arg('id', () => ID) id: string, @Ctx() { services }: Context) {
    return services.ticketing.events.get(id);
  }

  @Mutation(() => ReportAlertsResult, {
    description: `Stores security alerts (up to ${MAX_ALERTS_PER_CALL}) and queues their tickets; all or nothing, per-item errors in extensions.itemErrors. An externalEventId already stored is not stored again.`,
  })
  reportAlerts(@Arg('alerts', () => [AlertInput]) alerts: AlertInput[], @Ctx() { services }: Context) {
    return services.ticketing.events.acceptAlerts(alerts, AlertSource.API);
  }

  @Mutation(() => AlertEvent, { description: 'Queues a FAILED alert event for another round of ticket attempts.' })
  retryAlert(@Arg('id', () => ID) id: string, @CurrentViewer() viewer: Viewer, @Ctx() { services }: Context) {
    return services.ticketing.events.retry(viewer, id);
  }

  @Subscription(() => AlertEvent, {
    topics: ALERT_EVENT_UPDATED,
    filter: ownProvider,
    description: 'An alert event was stored or changed status (pending → ticketed / noted / not ticketed / failed, or a retry was scheduled).',
  })
  alertEventUpdated(@Root() update: AlertEventUpdate, @Ctx() { services }: Context) {
    return services.ticketing.events.current(update.eventId);
  }

  @FieldResolver(() => Organization)
  async organization(@Root() event: AlertEvent, @Ctx() { services }: Context) {
    return services.ticketing.events.organizationOf.load(event.organization.id);
  }

  @FieldResolver(() => AlertDefinition)
  alert(@Root() event: AlertEvent) {
    return alertDefinition(event.alertType);
  }

  @FieldResolver(() => Incident, { nullable: true, description: 'The incident it opened, joined as a repeat, or resolved.' })
  incident(@Root() event: AlertEvent, @Ctx() { services }: Context) {
    return event.incident ? services.ticketing.incidents.byId.load(event.incident.id) : null;
  }
}

@Authorized(Role.BILLING)
@Resolver(() => Incident)
export class IncidentsResolver {
  @Query(() => IncidentConnection, { description: 'Incidents (one problem, one ticket), newest first.' })
  incidents(
    @Ctx() { services }: Context,
    @Arg('filter', () => IncidentFilter, { nullable: true }) filter?: IncidentFilter,
    @Arg('first', () => Int, { defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return services.ticketing.incidents.list(filter ?? {}, first, after);
  }

  @Query(() => Incident)
  incident(@Arg('id', () => ID) id: string, @Ctx() { services }: Context) {
    return services.ticketing.incidents.get(id);
  }

  @Subscription(() => Incident, {
    topics: INCIDENT_UPDATED,
    filter: ownProvider,
    description: 'An incident was opened or changed: its ticket opened, a note added, resolved, closed, or ended.',
  })
  incidentUpdated(@Root() update: IncidentUpdate, @Ctx() { services }: Context) {
    return services.ticketing.incidents.current(update.incidentId);
  }

  @FieldResolver(() => Organization)
  organization(@Root() incident: Incident, @Ctx() { services }: Context) {
    return services.ticketing.events.organizationOf.load(incident.organization.id);
  }

  @FieldResolver(() => AlertDefinition)
  alert(@Root() incident: Incident) {
    return alertDefinition(incident.alertType);
  }

  @FieldResolver(() => [IncidentActivity], { description: 'Its steps, oldest first: ticket opened, notes, resolution, close.' })
  activity(@Root() incident: Incident, @Ctx() { services }: Context) {
    return services.ticketing.incidents.activityOf(incident.id);
  }

  @FieldResolver(() => [AlertEvent], { description: 'Its events, oldest first: the first, the repeats and the resolution (at most 200).' })
  events(@Root() incident: Incident, @Ctx() { services }: Context) {
    return services.ticketing.incidents.eventsOf(incident.id);
  }
}
